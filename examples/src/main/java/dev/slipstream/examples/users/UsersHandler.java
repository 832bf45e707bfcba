package dev.slipstream.examples.users;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.slipstream.core.Environment;
import dev.slipstream.core.LambdaInvocation;
import dev.slipstream.core.Lazy;
import dev.slipstream.core.Lifecycle;
import dev.slipstream.core.Priming;

/**
 * The Lambda entry point ({@code dev.slipstream.examples.users.UsersHandler::handleRequest}). The
 * app is a lazy singleton built in the init phase; its primer runs a request's code paths at the
 * end of init, or before the snapshot under SnapStart ({@link Lifecycle} decides); each invocation
 * runs through {@link Lifecycle#invoke}, which does the chores around it.
 */
public final class UsersHandler
    implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

  private static final Lazy<UsersApp> APP = Lazy.of(() -> UsersApp.create(Environment.system()));

  static {
    Priming.register("users-app", () -> APP.get().prime());
  }

  /** Lambda calls this once per execution environment: the end of init. */
  public UsersHandler() {
    APP.get(); // fail in init, not in the first request, when the configuration is wrong
    Lifecycle.initComplete();
  }

  @Override
  public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event,
      Context context) {
    return Lifecycle.invoke(LambdaInvocation.of(context), invocation -> APP.get().handle(event,
        invocation));
  }
}
