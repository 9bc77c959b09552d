package io.smgov.aws;

import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * Copies the members two SDK model classes share (same JSON name), such as a {@code
 * DescribeModelPackageResponse} into the {@code ModelPackage} a Search record holds: both
 * strategies of the exporter then convert one type into rows, so they cannot drift apart.
 */
public final class SdkPojos {
  private SdkPojos() {}

  @SuppressWarnings("unchecked")
  public static <T extends SdkPojo> T copy(SdkPojo source, Class<T> target) {
    Object builder;
    try {
      builder = target.getMethod("builder").invoke(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException(target.getName() + " is not an SDK model class", e);
    }
    Map<String, SdkField<?>> sourceFields = new HashMap<>();
    for (SdkField<?> field : source.sdkFields()) {
      sourceFields.put(field.locationName(), field);
    }
    for (SdkField<?> field : ((SdkPojo) builder).sdkFields()) {
      SdkField<?> from = sourceFields.get(field.locationName());
      if (from == null) {
        continue;
      }
      Object value = from.getValueOrDefault(source);
      if (value != null) {
        ((SdkField<Object>) field).set(builder, value);
      }
    }
    return (T) ((SdkBuilder<?, ?>) builder).build();
  }
}
