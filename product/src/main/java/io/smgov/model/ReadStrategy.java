package io.smgov.model;

/**
 * How the registry is read: Search pages with tags, or List + Describe + ListTags (for roles
 * without sagemaker:Search). Stored as its lower-case label.
 */
public enum ReadStrategy implements Labelled {
  SEARCH,
  LIST;
}
