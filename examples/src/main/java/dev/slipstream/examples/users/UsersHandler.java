package dev.slipstream.examples.users;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.slipstream.core.Environment;
import dev.slipstream.core.LambdaInvocation;
import dev.slipstream.core.Lazy;
import dev.slipstream.core.Lifecycle;
import dev.slipstream.core.Priming;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The Lambda entry point ({@code dev.slipstream.examples.users.UsersHandler::handleRequest}). The
 * app is a lazy singleton built in the init phase; its primer runs a request's code paths at the
 * end of init, or before the snapshot under SnapStart ({@link Lifecycle} decides); each invocation
 * runs through {@link Lifecycle#invoke}, which does the chores around it.
 *
 * <p>A stream handler: the API Gateway event is read, and the response written, by the app's own
 * Jackson ({@link ProxyRequest}, {@link ProxyResponse}), already warm from the primer, instead of
 * the runtime's serializers over {@code aws-lambda-java-events}, which the jar no longer carries.
 */
public final class UsersHandler implements RequestStreamHandler {

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
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    ProxyRequest event = ProxyRequest.read(input);
    ProxyResponse response = Lifecycle.invoke(LambdaInvocation.of(context),
        invocation -> APP.get().handle(event, invocation));
    response.writeTo(output);
  }
}
