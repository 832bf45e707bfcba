package dev.slipstream.examples.users;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.slipstream.core.Environment;
import dev.slipstream.core.Lazy;
import dev.slipstream.core.Priming;

/**
 * The Lambda entry point ({@code dev.slipstream.examples.users.UsersHandler::handleRequest}). The
 * app is a lazy singleton built in the init phase, and registered as a SnapStart primer: under
 * SnapStart the snapshot is taken with clients built and connections open.
 */
public final class UsersHandler
    implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

  private static final Lazy<UsersApp> APP = Lazy.of(() -> UsersApp.create(Environment.system()));

  static {
    Priming.register("users-app", () -> APP.get().warm());
  }

  /** Lambda calls this once per execution environment. */
  public UsersHandler() {
    APP.get(); // fail in init, not in the first request, when the configuration is wrong
  }

  @Override
  public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event,
      Context context) {
    return APP.get().handle(event, context);
  }
}
