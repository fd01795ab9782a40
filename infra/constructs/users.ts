import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

/** Properties of {@link Users}. */
export interface UsersProps {
  /** Cognito groups, one per role the routes of `infra/routes.ts` name. */
  readonly roles: readonly string[];
}

/** The custom attribute carrying a customer user's customer id; tokens show it as `custom:customerId`. */
export const CUSTOMER_ID_ATTRIBUTE = 'customerId';

/**
 * Who may call the API: a Cognito user pool whose groups are the roles (`cognito:groups` in the token) and
 * whose customer users carry `custom:customerId`. Stateful (users, MFA secrets), so it lives in the data stack
 * and is retained. Users are created by an administrator: there is no self sign-up, and the app client cannot
 * write `custom:customerId`, so a customer can never widen what they see by editing their own profile.
 *
 * @example
 * const users = new Users(this, 'Users', { roles: ROLES });
 */
export class Users extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;

  constructor(scope: Construct, id: string, props: UsersProps) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      customAttributes: { [CUSTOMER_ID_ATTRIBUTE]: new cognito.StringAttribute({ minLen: 1, maxLen: 64, mutable: true }) },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: { minLength: 12, requireLowercase: true, requireUppercase: true, requireDigits: true, requireSymbols: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const role of props.roles) {
      new cognito.CfnUserPoolGroup(this, `Group-${role}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: role,
        description: `Tradeflow role "${role}"; the API allows each route to the roles infra/routes.ts lists.`,
      });
    }
    const standardWritable = new cognito.ClientAttributes().withStandardAttributes({ email: true, fullname: true, locale: true });
    this.client = this.userPool.addClient('ConsoleClient', {
      authFlows: { userSrp: true },
      generateSecret: false,
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      readAttributes: standardWritable.withCustomAttributes(CUSTOMER_ID_ATTRIBUTE),
      writeAttributes: standardWritable,
    });
  }
}
