import { CfnOutput, Duration, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import type { RouteDefinition } from '../routes';

/** Properties of {@link Api}. */
export interface ApiProps {
  readonly namePrefix: string;
  /** `infra/routes.ts`: every method and path, and who may call it. */
  readonly routes: readonly RouteDefinition[];
  /** The catalog function every route is served by (`functionId: 'api'`). */
  readonly handler: lambda.IFunction;
  readonly userPool: cognito.IUserPool;
  readonly rateLimit: number;
  readonly burstLimit: number;
  readonly wafRateLimitPer5Minutes: number;
  /** Empty: no CORS, no OPTIONS methods. */
  readonly corsAllowedOrigins: readonly string[];
  readonly logRetention: logs.RetentionDays;
}

/** The stage name, which is also the first path segment of the API URL. */
export const API_STAGE = 'v1';

/**
 * The operations HTTP API (API Gateway REST): resources and methods generated from `infra/routes.ts`, all
 * proxied to the `api` function, which dispatches on the route key and enforces each route's roles from the
 * same table (API Gateway's Cognito authorizer checks the token, not the group). Requests are validated at the
 * edge (path parameters present, body a JSON object), throttled per stage and per IP (WAF), and access-logged.
 *
 * @example
 * const api = new Api(this, 'Api', { namePrefix: 'tradeflow', routes, handler, userPool, rateLimit: 50, burstLimit: 100, wafRateLimitPer5Minutes: 1000, corsAllowedOrigins: [], logRetention });
 */
export class Api extends Construct {
  readonly restApi: apigw.RestApi;
  readonly accessLogs: logs.LogGroup;
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: props.logRetention });
    this.restApi = new apigw.RestApi(this, 'RestApi', {
      restApiName: `${props.namePrefix}-api`,
      description: 'Tradeflow operations API (routes from infra/routes.ts).',
      endpointTypes: [apigw.EndpointType.REGIONAL],
      // The execution-log role is an account-wide singleton (AWS::ApiGateway::Account); we do not take it over.
      cloudWatchRole: false,
      deployOptions: {
        stageName: API_STAGE,
        accessLogDestination: new apigw.LogGroupLogDestination(this.accessLogs),
        accessLogFormat: apigw.AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
        tracingEnabled: true,
        metricsEnabled: true,
        dataTraceEnabled: false,
        throttlingRateLimit: props.rateLimit,
        throttlingBurstLimit: props.burstLimit,
      },
    });
    Validations.of(this.restApi.deploymentStage).acknowledge({
      id: 'AwsSolutions-APIG6',
      reason:
        'Execution logging needs the account-wide API Gateway CloudWatch role (AWS::ApiGateway::Account, one per account and region, shared with every other API), and its log groups are created without retention. The JSON access log of this stage records every request with status, latency, authorizer and integration errors and WAF verdict, which covers what execution logs at ERROR level would show.',
    });

    const authorizer = new apigw.CognitoUserPoolsAuthorizer(this, 'Authorizer', {
      cognitoUserPools: [props.userPool],
      identitySource: apigw.IdentitySource.header('Authorization'),
      resultsCacheTtl: Duration.minutes(5),
    });
    const validator = this.restApi.addRequestValidator('RequestValidator', {
      requestValidatorName: 'parameters-and-body',
      validateRequestParameters: true,
      validateRequestBody: true,
    });
    const jsonObject = this.restApi.addModel('JsonObject', {
      contentType: 'application/json',
      modelName: 'JsonObject',
      description: 'Any JSON object; the api function validates its fields with the zod schema of the route.',
      schema: { schema: apigw.JsonSchemaVersion.DRAFT4, type: apigw.JsonSchemaType.OBJECT },
    });
    const integration = new apigw.LambdaIntegration(props.handler, { allowTestInvoke: false });

    const methodsByResource = new Map<apigw.IResource, string[]>();
    for (const route of props.routes) {
      const resource = this.restApi.root.resourceForPath(route.path);
      const isPublic = route.roles.length === 0;
      const hasBody = route.method === 'POST' || route.method === 'PUT' || route.method === 'PATCH';
      const method = resource.addMethod(route.method, integration, {
        operationName: route.operationId,
        ...(isPublic ? { authorizationType: apigw.AuthorizationType.NONE } : { authorizationType: apigw.AuthorizationType.COGNITO, authorizer }),
        requestValidator: validator,
        requestParameters: Object.fromEntries(pathParameters(route.path).map((name) => [`method.request.path.${name}`, true])),
        ...(hasBody ? { requestModels: { 'application/json': jsonObject } } : {}),
      });
      if (isPublic) {
        const reason = `${route.method} ${route.path} (${route.operationId}) is public by design (infra/routes.ts lists no roles): it serves the static OpenAPI document of this API, reads no data and is rate-limited by the stage throttle and the WAF per-IP rule.`;
        Validations.of(method).acknowledge({ id: 'AwsSolutions-APIG4', reason }, { id: 'AwsSolutions-COG4', reason });
      }
      methodsByResource.set(resource, [...(methodsByResource.get(resource) ?? []), route.method]);
    }

    if (props.corsAllowedOrigins.length > 0) {
      for (const [resource, methods] of methodsByResource) {
        resource.addCorsPreflight({
          allowOrigins: [...props.corsAllowedOrigins],
          allowMethods: methods,
          allowHeaders: ['Authorization', 'Content-Type'],
          maxAge: Duration.hours(1),
        });
      }
    }

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: `${props.namePrefix}-api`,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(`${props.namePrefix}-api`),
      rules: [
        {
          name: 'RateLimitPerIp',
          priority: 0,
          action: { block: {} },
          statement: { rateBasedStatement: { limit: props.wafRateLimitPer5Minutes, aggregateKeyType: 'IP' } },
          visibilityConfig: visibility('RateLimitPerIp'),
        },
        managedRuleGroup('AWSManagedRulesCommonRuleSet', 1, [
          // Contracts with many lines exceed the rule's 8 KB body limit; API Gateway caps bodies at 10 MB and
          // the handler validates every field.
          { name: 'SizeRestrictions_BODY', actionToUse: { count: {} } },
        ]),
        managedRuleGroup('AWSManagedRulesKnownBadInputsRuleSet', 2),
      ],
    });
    new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', {
      resourceArn: this.restApi.deploymentStage.stageArn,
      webAclArn: this.webAcl.attrArn,
    });

    new CfnOutput(this, 'Url', { value: this.restApi.url, description: 'Base URL of the Tradeflow API.' });
  }
}

/** `{contractId}` placeholders of a resource path. */
export function pathParameters(path: string): string[] {
  return [...path.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((match) => match[1] as string);
}

const ACCESS_LOG_FIELDS = {
  requestId: apigw.AccessLogField.contextRequestId(),
  extendedRequestId: apigw.AccessLogField.contextExtendedRequestId(),
  requestTime: apigw.AccessLogField.contextRequestTime(),
  httpMethod: apigw.AccessLogField.contextHttpMethod(),
  resourcePath: apigw.AccessLogField.contextResourcePath(),
  status: apigw.AccessLogField.contextStatus(),
  responseLength: apigw.AccessLogField.contextResponseLength(),
  responseLatency: apigw.AccessLogField.contextResponseLatency(),
  integrationLatency: apigw.AccessLogField.contextIntegrationLatency(),
  integrationStatus: apigw.AccessLogField.contextIntegrationStatus(),
  integrationError: '$context.integration.error',
  errorMessage: apigw.AccessLogField.contextErrorMessage(),
  errorType: apigw.AccessLogField.contextErrorResponseType(),
  validationError: apigw.AccessLogField.contextErrorValidationErrorString(),
  authorizerError: '$context.authorizer.error',
  wafStatus: apigw.AccessLogField.contextWafResponseCode(),
  sourceIp: apigw.AccessLogField.contextIdentitySourceIp(),
  userAgent: apigw.AccessLogField.contextIdentityUserAgent(),
  user: apigw.AccessLogField.contextAuthorizerClaims('sub'),
  xrayTraceId: apigw.AccessLogField.contextXrayTraceId(),
};

function visibility(metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty {
  return { cloudWatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true };
}

function managedRuleGroup(
  name: string,
  priority: number,
  ruleActionOverrides?: wafv2.CfnWebACL.RuleActionOverrideProperty[],
): wafv2.CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    overrideAction: { none: {} },
    statement: { managedRuleGroupStatement: { vendorName: 'AWS', name, ...(ruleActionOverrides ? { ruleActionOverrides } : {}) } },
    visibilityConfig: visibility(name),
  };
}
