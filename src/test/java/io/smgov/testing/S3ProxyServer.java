package io.smgov.testing;

import java.net.URI;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

/** S3Proxy in-process on a free loopback port: S3 as the warehouse, over the real S3 protocol. */
public final class S3ProxyServer implements AutoCloseable {
  private final S3Proxy proxy;

  private S3ProxyServer(S3Proxy proxy) {
    this.proxy = proxy;
  }

  /** Accepts requests signed with {@link TestAws#CALLER}'s keys, as the warehouse client signs them. */
  public static S3ProxyServer start() throws Exception {
    AwsBasicCredentials keys = (AwsBasicCredentials) TestAws.CALLER.resolveCredentials();
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(BlobStores.create("transient", new Properties()))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, keys.accessKeyId(), keys.secretAccessKey())
            .ignoreUnknownHeaders(true)
            .endpoint(URI.create("http://127.0.0.1:0"))
            .build();
    proxy.start(); // returns once Jetty listens
    if (!"STARTED".equals(proxy.getState())) {
      throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
    }
    return new S3ProxyServer(proxy);
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
  }
}
