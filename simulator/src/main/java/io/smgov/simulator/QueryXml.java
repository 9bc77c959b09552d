package io.smgov.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.smgov.wire.SdkJson;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;

/**
 * A portfolio document (a JSON object in an SDK shape, timestamps as epoch seconds) written as the
 * AWS Query protocol's XML: one element per member under the name the SDK's unmarshaller reads,
 * lists as {@code <Name><member>…</member></Name>}, timestamps as ISO-8601 with milliseconds (as
 * CloudWatch sends them), booleans as {@code true}/{@code false}. Members are written in the
 * model's order; members the shape does not have are left out.
 */
final class QueryXml {
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private QueryXml() {}

  /** The members of an SDK model class such as {@code MetricAlarm.class}. */
  static List<SdkField<?>> fields(Class<?> modelClass) {
    try {
      return ((SdkPojo) modelClass.getMethod("builder").invoke(null)).sdkFields();
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalArgumentException(modelClass.getName() + " is not an SDK model class", e);
    }
  }

  /** The members of {@code document} as XML elements, without an enclosing element. */
  static void structure(JsonNode document, List<SdkField<?>> fields, StringBuilder out) {
    for (SdkField<?> field : fields) {
      JsonNode value = document.get(field.locationName());
      if (value != null && !value.isNull()) {
        element(field.unmarshallLocationName(), value, field, out);
      }
    }
  }

  static String timestamp(Instant instant) {
    return ISO_MILLIS.format(instant);
  }

  private static void element(String name, JsonNode value, SdkField<?> field, StringBuilder out) {
    MarshallingType<?> type = field.marshallingType();
    out.append('<').append(name).append('>');
    if (type == MarshallingType.SDK_POJO) {
      structure(value, ((SdkPojo) field.constructor().get()).sdkFields(), out);
    } else if (type == MarshallingType.LIST) {
      ListTrait list = field.getTrait(ListTrait.class);
      SdkField<?> member = list.memberFieldInfo();
      String memberName = list.memberLocationName() == null ? "member" : list.memberLocationName();
      for (JsonNode element : value) {
        element(memberName, element, member, out);
      }
    } else if (type == MarshallingType.INSTANT) {
      out.append(timestamp(SdkJson.parseTimestamp(value).orElseThrow()));
    } else if (type == MarshallingType.DOUBLE || type == MarshallingType.FLOAT) {
      out.append(value.asDouble());
    } else {
      out.append(StsService.xml(value.asText()));
    }
    out.append("</").append(name).append('>');
  }
}
