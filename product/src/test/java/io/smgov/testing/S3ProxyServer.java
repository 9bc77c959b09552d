package io.smgov.testing;

import java.io.InputStream;
import java.net.URI;
import java.util.Properties;
import java.util.function.Predicate;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3ErrorCode;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.S3ProxyException;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/** S3Proxy in-process on a free loopback port: S3 as the warehouse, over the real S3 protocol. */
public final class S3ProxyServer implements AutoCloseable {
  private final S3Proxy proxy;

  private S3ProxyServer(S3Proxy proxy) {
    this.proxy = proxy;
  }

  /**
   * Accepts requests signed with {@link TestAws#CALLER}'s keys, as the warehouse client signs them.
   */
  public static S3ProxyServer start() throws Exception {
    return start(key -> false);
  }

  /**
   * As {@link #start()}, but a PutObject of a key {@code denied} accepts is answered 403
   * AccessDenied, as S3 answers a write an IAM or bucket policy denies on that prefix.
   */
  public static S3ProxyServer start(Predicate<String> denied) throws Exception {
    AwsBasicCredentials keys = (AwsBasicCredentials) TestAws.CALLER.resolveCredentials();
    BlobStore store =
        new ForwardingBlobStore(BlobStores.create("transient", new Properties())) {
          @Override
          public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
            if (denied.test(request.key())) {
              throw new S3ProxyException(S3ErrorCode.ACCESS_DENIED);
            }
            return super.putBlob(request, content);
          }
        };
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(store)
            .awsAuthentication(
                AuthenticationType.AWS_V2_OR_V4, keys.accessKeyId(), keys.secretAccessKey())
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
