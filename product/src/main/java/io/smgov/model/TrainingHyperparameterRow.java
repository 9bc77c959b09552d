package io.smgov.model;

import static java.util.Objects.requireNonNull;

/** One hyperparameter of a training job, as the job was given it (a string). */
public record TrainingHyperparameterRow(String trainingJobArn, String name, String value) {
  public TrainingHyperparameterRow {
    requireNonNull(trainingJobArn, "trainingJobArn is null");
    requireNonNull(name, "name is null");
  }
}
