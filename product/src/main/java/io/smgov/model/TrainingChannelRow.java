package io.smgov.model;

import static java.util.Objects.requireNonNull;

/** One input channel of a training job: the data it trained or validated on. */
public record TrainingChannelRow(
    String trainingJobArn,
    String channelName,
    String s3Uri,
    String s3DataType,
    String contentType,
    String inputMode) {
  public TrainingChannelRow {
    requireNonNull(trainingJobArn, "trainingJobArn is null");
    requireNonNull(channelName, "channelName is null");
  }
}
