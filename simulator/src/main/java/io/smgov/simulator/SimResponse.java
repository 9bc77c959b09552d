package io.smgov.simulator;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the simulator sends back: status, headers and body bytes. */
record SimResponse(int status, Map<String, String> headers, byte[] body, String errorCode) {

  static SimResponse of(int status, String contentType, byte[] body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", contentType);
    return new SimResponse(status, headers, body, null);
  }

  static SimResponse of(int status, String contentType, String body) {
    return of(status, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  SimResponse withHeader(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return new SimResponse(status, copy, body, errorCode);
  }

  SimResponse withErrorCode(String code) {
    return new SimResponse(status, headers, body, code);
  }
}
