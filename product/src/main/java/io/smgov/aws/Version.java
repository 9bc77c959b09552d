package io.smgov.aws;

/** The tool's version, from the jar manifest (the build's project version). */
public final class Version {
  private Version() {}

  public static String current() {
    String version = Version.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}
