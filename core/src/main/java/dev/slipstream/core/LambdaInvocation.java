package dev.slipstream.core;

import com.amazonaws.services.lambda.runtime.Context;

/**
 * Makes an {@link Invocation} from the Lambda {@link Context}, which comes with
 * {@code com.amazonaws:aws-lambda-java-core} (every Java function has it; core itself does not
 * need it, which is why this lives apart from {@code Invocation}).
 *
 * <pre>{@code
 * public Response handleRequest(Request request, Context context) {
 *   return Lifecycle.invoke(LambdaInvocation.of(context), invocation -> app.handle(request, invocation));
 * }
 * }</pre>
 */
public final class LambdaInvocation {

  private LambdaInvocation() {}

  /**
   * The invocation {@code context} describes.
   *
   * @param context the context Lambda passed to the handler
   * @return the invocation, its deadline the context's remaining time
   */
  public static Invocation of(Context context) {
    if (context == null) {
      throw new NullPointerException("context must not be null");
    }
    return Invocation.of(context.getAwsRequestId(),
        Deadline.fromRemainingMillis(Math.max(0, context.getRemainingTimeInMillis())),
        context.getInvokedFunctionArn());
  }
}
