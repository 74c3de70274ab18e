package dev.gantry.demo.sampleapi;

/** A finished JSON response: status, serialized body and an optional {@code Location} or {@code Allow} header. */
record ApiResponse(int status, byte[] body, String headerName, String headerValue) {

    static ApiResponse of(int status, byte[] body) {
        return new ApiResponse(status, body, null, null);
    }

    static ApiResponse withHeader(int status, byte[] body, String headerName, String headerValue) {
        return new ApiResponse(status, body, headerName, headerValue);
    }
}
