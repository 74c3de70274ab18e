package dev.gantry.client;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads an answer into memory up to a bound: past it, the rest is not read (the connection is given up) and the
 * body is marked cut, so an answer of any size costs at most the bound.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<BoundedBody.Bytes> {

    /** What was read, and whether the answer went on past the bound. */
    record Bytes(byte[] content, boolean cut) {}

    private final long limit;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final CompletableFuture<Bytes> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    BoundedBody(long limit) {
        this.limit = limit;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        for (ByteBuffer item : items) {
            int room = (int) Math.min(Integer.MAX_VALUE, limit - buffer.size());
            if (item.remaining() > room) {
                byte[] part = new byte[room];
                item.get(part);
                buffer.writeBytes(part);
                subscription.cancel();
                result.complete(new Bytes(buffer.toByteArray(), true));
                return;
            }
            byte[] all = new byte[item.remaining()];
            item.get(all);
            buffer.writeBytes(all);
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable throwable) {
        result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
        result.complete(new Bytes(buffer.toByteArray(), false));
    }

    @Override
    public CompletionStage<Bytes> getBody() {
        return result;
    }
}
