package dev.gantry.controlplane.suites;

import dev.gantry.controlplane.bodies.BodiesProperties;
import dev.gantry.controlplane.bodies.BodyLimit;
import dev.gantry.controlplane.bodies.RequestBodies;
import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.security.Caller;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** A suite's cases as a CSV file a spreadsheet opens, and such a file read back into the suite. */
@RestController
class CaseCsvController {
    static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private final SuiteRepository suites;
    private final CaseCsvTransfer transfer;

    CaseCsvController(SuiteRepository suites, CaseCsvTransfer transfer) {
        this.suites = suites;
        this.transfer = transfer;
    }

    /** UTF-8 with a byte order mark, which spreadsheets take as the sign of UTF-8 (an import drops it). */
    @GetMapping("/api/v1/suites/{suiteId}/cases/export/csv")
    @Transactional(readOnly = true)
    ResponseEntity<byte[]> export(Caller caller, @PathVariable UUID suiteId) {
        Suite suite = suites.require(suiteId, caller.tenantId());
        String csv = "\uFEFF" + CaseCsv.write(transfer.export(suite));
        return ResponseEntity.ok()
                .contentType(CSV)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(suite.getName() + ".csv", StandardCharsets.UTF_8)
                                .build()
                                .toString())
                .body(csv.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A CSV as the body ({@code text/csv}) or as the file of a form upload ({@code multipart/form-data}),
     * bounded by {@code gantry.bodies.data-set}; all rows or none.
     */
    @PostMapping(
            path = "/api/v1/suites/{suiteId}/cases/import/csv",
            consumes = {"text/csv", "text/plain", "multipart/form-data"})
    @BodyLimit(BodiesProperties.DATA_SET)
    @Transactional
    CaseCsvTransfer.Result importCsv(Caller caller, @PathVariable UUID suiteId, HttpServletRequest body)
            throws IOException {
        Suite suite = suites.require(suiteId, caller.tenantId());
        byte[] bytes = RequestBodies.read(body);
        MediaType type = MediaType.parseMediaType(body.getContentType());
        if (MediaType.MULTIPART_FORM_DATA.includes(type)) {
            bytes = MultipartFile.content(bytes, type.getParameter("boundary"));
        }
        return transfer.importRows(suite, caller.userId(), CaseCsv.read(utf8(bytes)));
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInputException("body", "not UTF-8 text; save the sheet as CSV UTF-8");
        }
    }
}
