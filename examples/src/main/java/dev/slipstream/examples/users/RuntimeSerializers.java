package dev.slipstream.examples.users;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.ByteArrayOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warms the Lambda runtime's own JSON serializers for this handler's event types, for the primer:
 * the runtime reads every request and writes every response with them, and their first use
 * (Jackson introspecting the event classes) is most of a restored instance's first response. They
 * come with the runtime (its {@code aws-lambda-java-serialization}), not with this jar: where they
 * are missing (the local runner), this does nothing.
 */
final class RuntimeSerializers {

  private static final Logger LOG = LoggerFactory.getLogger(RuntimeSerializers.class);

  private RuntimeSerializers() {}

  static void warm(APIGatewayProxyResponseEvent sample) {
    try {
      ClassLoader loader = RuntimeSerializers.class.getClassLoader();
      PojoSerializer<APIGatewayProxyRequestEvent> requests =
          LambdaEventSerializers.serializerFor(APIGatewayProxyRequestEvent.class, loader);
      requests.fromJson("{\"httpMethod\":\"GET\",\"path\":\"/users\",\"headers\":{\"a\":\"b\"},"
          + "\"queryStringParameters\":{\"limit\":\"1\"},\"body\":\"{}\","
          + "\"requestContext\":{\"requestId\":\"primer\"}}");
      PojoSerializer<APIGatewayProxyResponseEvent> responses =
          LambdaEventSerializers.serializerFor(APIGatewayProxyResponseEvent.class, loader);
      responses.toJson(sample, new ByteArrayOutputStream());
    } catch (LinkageError e) {
      LOG.debug("No Lambda runtime serializers on the class path; nothing to warm");
    } catch (RuntimeException e) {
      LOG.debug("Warming the runtime's serializers failed; the first request will", e);
    }
  }

}
