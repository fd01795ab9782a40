import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventRules } from '../../infra/event-rules';
import { functionsCatalog } from '../../infra/functions-catalog';
import { substituteDefinition } from '../../infra/local/step-functions/definition';
import { routes } from '../../infra/routes';
import { functionArnPlaceholder, aslPlaceholders } from '../../infra/constructs/lifecycle';
import { importedLogicalId, LIFECYCLE_ASL_TEXT, logicalIdOf, resourcesOfType, synthesizedTradeflow } from './synthesized-tradeflow';

type Resource = { Properties: Record<string, unknown> };

describe('API routes are exactly infra/routes.ts', () => {
  /** `METHOD /path` of every API Gateway method in the template, paths rebuilt from the resource tree. */
  function templateRoutes(): Map<string, Resource> {
    const { appTemplate } = synthesizedTradeflow();
    const resources = resourcesOfType(appTemplate, 'AWS::ApiGateway::Resource');
    const pathOf = (id: string): string => {
      const resource = resources[id]!;
      const parent = resource.Properties.ParentId as { Ref?: string };
      return `${parent.Ref ? pathOf(parent.Ref) : ''}/${resource.Properties.PathPart as string}`;
    };
    const methods = Object.values(resourcesOfType(appTemplate, 'AWS::ApiGateway::Method'));
    return new Map(
      methods.map((method) => {
        const resourceId = method.Properties.ResourceId as { Ref?: string };
        const path = resourceId.Ref ? pathOf(resourceId.Ref) : '/';
        return [`${method.Properties.HttpMethod as string} ${path}`, method];
      }),
    );
  }

  it('has one method per route and no other (no OPTIONS while CORS is off)', () => {
    const deployed = [...templateRoutes().keys()].sort();

    expect(deployed).toEqual(routes.map((route) => `${route.method} ${route.path}`).sort());
  });

  it('protects every route with roles by the Cognito authorizer, and only the OpenAPI route is public', () => {
    const deployed = templateRoutes();
    for (const route of routes) {
      const method = deployed.get(`${route.method} ${route.path}`)!;
      expect({ route: route.operationId, auth: method.Properties.AuthorizationType }).toEqual({
        route: route.operationId,
        auth: route.roles.length === 0 ? 'NONE' : 'COGNITO_USER_POOLS',
      });
      expect(method.Properties.OperationName).toBe(route.operationId);
      expect(method.Properties.RequestValidatorId).toBeDefined();
      const required = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => `method.request.path.${m[1]}`);
      expect(Object.keys((method.Properties.RequestParameters as Record<string, boolean>) ?? {}).sort()).toEqual(required.sort());
    }
  });

  it('sends every route to the api function', () => {
    const { stacks } = synthesizedTradeflow();
    const apiFunction = logicalIdOf(stacks.app.functions.get('api').function);
    for (const method of templateRoutes().values()) {
      expect(JSON.stringify((method.Properties.Integration as { Uri: unknown }).Uri)).toContain(`"${apiFunction}"`);
    }
  });

  it('throttles, access-logs and firewalls the stage', () => {
    const { appTemplate } = synthesizedTradeflow();
    const stage = Object.values(resourcesOfType(appTemplate, 'AWS::ApiGateway::Stage'))[0]!;
    expect(stage.Properties).toMatchObject({
      TracingEnabled: true,
      AccessLogSetting: { DestinationArn: expect.anything(), Format: expect.stringContaining('$context.authorizer.error') },
      MethodSettings: [expect.objectContaining({ HttpMethod: '*', ResourcePath: '/*', ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100, DataTraceEnabled: false })],
    });
    expect(Object.keys(resourcesOfType(appTemplate, 'AWS::WAFv2::WebACLAssociation'))).toHaveLength(1);
  });
});

describe('EventBridge rules are exactly infra/event-rules.ts', () => {
  it('deploys each rule on its bus, with its pattern unchanged, targeting its function', () => {
    const synth = synthesizedTradeflow();
    const { stacks, appTemplate } = synth;
    const busIds = { partner: logicalIdOf(stacks.data.buses.partner), domain: logicalIdOf(stacks.data.buses.domain) };
    const functionIds = new Map(functionsCatalog.map((f) => [logicalIdOf(stacks.app.functions.get(f.id).function), f.id]));

    const deployed = Object.values(resourcesOfType(appTemplate, 'AWS::Events::Rule'))
      .filter((rule) => rule.Properties.EventPattern !== undefined)
      .map((rule) => {
        const busId = importedLogicalId(synth, rule.Properties.EventBusName);
        const target = (rule.Properties.Targets as { Arn: { 'Fn::GetAtt': [string, string] } }[])[0]!;
        return {
          eventBus: busId === busIds.partner ? 'partner' : busId === busIds.domain ? 'domain' : `unknown bus ${busId}`,
          pattern: rule.Properties.EventPattern,
          description: rule.Properties.Description,
          functionId: functionIds.get(target.Arn['Fn::GetAtt'][0]),
        };
      });

    const expected = eventRules.map((rule) => ({
      eventBus: rule.eventBus,
      pattern: JSON.parse(JSON.stringify(rule.pattern)),
      description: rule.description,
      functionId: rule.target.functionId,
    }));
    const byKey = (r: { eventBus: string; pattern: unknown }) => `${r.eventBus} ${JSON.stringify(r.pattern)}`;
    expect(deployed.sort((a, b) => byKey(a).localeCompare(byKey(b)))).toEqual(expected.sort((a, b) => byKey(a).localeCompare(byKey(b))));
  });

  it('runs the reminder scan hourly as the one scheduled rule', () => {
    const { stacks, appTemplate } = synthesizedTradeflow();
    const scheduled = Object.values(resourcesOfType(appTemplate, 'AWS::Events::Rule')).filter((rule) => rule.Properties.ScheduleExpression);

    expect(scheduled.map((rule) => rule.Properties.ScheduleExpression)).toEqual(['rate(1 hour)']);
    expect(JSON.stringify(scheduled[0]!.Properties.Targets)).toContain(`"${logicalIdOf(stacks.app.functions.get('send-reminders').function)}"`);
  });
});

describe('the state machine is statemachines/contract-lifecycle.asl.json', () => {
  function deployedMachine(): Resource {
    const { stacks, appTemplate } = synthesizedTradeflow();
    return resourcesOfType(appTemplate, 'AWS::StepFunctions::StateMachine')[logicalIdOf(stacks.app.lifecycle.stateMachine)]!;
  }

  /** A stand-in for what CloudFormation puts in place of each substitution value. */
  function renderValue(value: unknown): string {
    const getAtt = (value as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
    if (getAtt) return `arn:aws:lambda:eu-west-1:123456789012:function:${getAtt[0]}`;
    const imported = (value as { 'Fn::ImportValue'?: string })['Fn::ImportValue'];
    if (imported) return `imported-${imported.replace(/[^A-Za-z0-9]/g, '')}`;
    if (typeof value === 'string') return value;
    throw new Error(`Unexpected substitution value ${JSON.stringify(value)}`);
  }

  it('ships the ASL file byte for byte, as the definition asset', () => {
    const { assembly } = synthesizedTradeflow();
    const location = deployedMachine().Properties.DefinitionS3Location as { Key: string };

    const asset = readFileSync(join(assembly.directory, `asset.${location.Key}`), 'utf8');

    expect(asset).toBe(LIFECYCLE_ASL_TEXT);
    expect(deployedMachine().Properties.DefinitionString).toBeUndefined();
  });

  it('resolves every placeholder: functions by catalog id, the domain bus by name; nothing left over', () => {
    const { stacks } = synthesizedTradeflow();
    const substitutions = deployedMachine().Properties.DefinitionSubstitutions as Record<string, unknown>;

    expect(Object.keys(substitutions).sort()).toEqual(aslPlaceholders(LIFECYCLE_ASL_TEXT).sort());
    for (const id of ['plan-lifecycle', 'enter-stage', 'escalate']) {
      expect(substitutions[functionArnPlaceholder(id)]).toEqual({ 'Fn::GetAtt': [logicalIdOf(stacks.app.functions.get(id).function), 'Arn'] });
    }
    expect(importedLogicalId(synthesizedTradeflow(), substitutions.DomainEventBusName)).toBe(logicalIdOf(stacks.data.buses.domain));

    const rendered = substituteDefinition(LIFECYCLE_ASL_TEXT, Object.fromEntries(Object.entries(substitutions).map(([k, v]) => [k, renderValue(v)])));
    expect(rendered).not.toContain('${');
    // After substitution, every Lambda Task calls a deployed catalog function, and callbacks go through enter-stage.
    const byLogicalId = new Map(functionsCatalog.map((f) => [logicalIdOf(stacks.app.functions.get(f.id).function), f.id]));
    const tasks = Object.values((JSON.parse(rendered) as { States: Record<string, { Type: string; Resource?: string; Parameters?: { FunctionName?: string } }> }).States).filter(
      (state) => state.Type === 'Task' && state.Resource?.startsWith('arn:aws:states:::lambda:invoke'),
    );
    expect(tasks.length).toBeGreaterThan(0);
    for (const task of tasks) {
      const calledId = byLogicalId.get(task.Parameters?.FunctionName?.split(':function:')[1] ?? '');
      expect(calledId).toBeDefined();
      if (task.Resource!.endsWith('.waitForTaskToken')) expect(calledId).toBe('enter-stage');
    }
  });

  it('is a Standard state machine, logging ALL with execution data, traced', () => {
    expect(deployedMachine().Properties).toMatchObject({
      StateMachineType: 'STANDARD',
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: true, Destinations: [expect.anything()] },
      TracingConfiguration: { Enabled: true },
    });
  });

  it('may invoke exactly the functions the definition names, and put events on the domain bus only', () => {
    const { stacks, appTemplate } = synthesizedTradeflow();
    const roleId = logicalIdOf(stacks.app.lifecycle.stateMachine.role);
    const statements = Object.values(resourcesOfType(appTemplate, 'AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles).includes(`"${roleId}"`))
      .flatMap((p) => (p.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement);
    const resourcesFor = (action: string) => statements.filter((s) => [s.Action].flat().includes(action)).flatMap((s) => [s.Resource].flat());

    expect(resourcesFor('lambda:InvokeFunction')).toEqual(
      ['plan-lifecycle', 'enter-stage', 'escalate'].map((id) => ({ 'Fn::GetAtt': [logicalIdOf(stacks.app.functions.get(id).function), 'Arn'] })),
    );
    const putTargets = resourcesFor('events:PutEvents');
    expect(putTargets).toHaveLength(1);
    expect(importedLogicalId(synthesizedTradeflow(), putTargets[0])).toBe(logicalIdOf(stacks.data.buses.domain));
  });
});
