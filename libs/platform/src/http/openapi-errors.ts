import type { INestApplication, Type } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { APP_GUARD, ModulesContainer } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import { type ErrorCode, isCodeOfKind, kindsOf } from '@app/domain';
import {
  API_ERRORS,
  type DocumentedRoute,
  type RouteError,
  type RouteErrorSource,
} from './api-errors.decorator';
import { STATUS_OF_KIND } from './error-status';

// class-transformer keeps what @Type() says a nested field holds only in this module (the
// instance ValidationPipe's class-transformer uses too); it has no typed door to it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: {
    findTypeMetadata(target: Type<unknown>, property: string): { typeFunction(): unknown } | undefined;
  };
};

/** What every route may answer because of where its request is read (configureHttpApp). */
const URL_ERRORS: RouteError[] = ['URL_ENCODING_INVALID', 'TEXT_INVALID'];
/** The strict JSON body parser, on every method that carries a body (registerStrictJsonBody). */
const BODY_ERRORS: RouteError[] = [
  'MALFORMED_JSON',
  'DUPLICATE_JSON_KEY',
  'PROTOTYPE_JSON_KEY',
  'JSON_TOO_DEEP',
  'TEXT_INVALID',
  'BODY_UNREADABLE',
  'UNSUPPORTED_ENCODING',
  'PAYLOAD_TOO_LARGE',
];
/** The validation pipe, on a route with a DTO argument (createValidationPipe). */
const DTO_ERRORS: RouteError[] = ['VALIDATION_FAILED', 'UNKNOWN_FIELD'];

/** Argument types the validation pipe lets through unvalidated (Nest's ValidationPipe.toValidate). */
const UNVALIDATED: unknown[] = [String, Boolean, Number, Array, Object, Buffer, Date];

/** Answers that come with Retry-After (the filter sends it for these): 429, 503, and a key in flight. */
const RETRY_AFTER_STATUSES = [STATUS_OF_KIND.rate_limited, STATUS_OF_KIND.unavailable];
const RETRY_AFTER_CODES: ErrorCode[] = ['IDEMPOTENCY_KEY_IN_FLIGHT'];

const ERROR_BODY = {
  type: 'object',
  required: ['code', 'message'],
  properties: {
    code: { type: 'string', description: 'Stable, machine-readable: branch on it' },
    message: { type: 'string', description: 'For people' },
    details: { description: 'Structured context, e.g. { field, codePoint } for TEXT_INVALID' },
  },
};

interface Route {
  controller: Type<unknown>;
  handler: (...args: unknown[]) => unknown;
  methodName: string;
}

type Operation = { operationId?: string; responses: Record<string, unknown> };

/**
 * Lists on every operation of an app's OpenAPI document the error codes it may answer, per
 * status: a response for each status whose description names the codes and whose schema is
 * the error body with `code` one of them. The codes are the route's own (`@ApiErrors`) and
 * those of its shape, read from the same metadata the request pipeline acts on: every route
 * may get a malformed URL; a method with a body, a malformed body; a route with a DTO
 * argument, the validation pipe's codes and its fields' stable codes; and each global guard
 * says what it refuses on the route (credentials, roles, rate limits). A list's
 * CURSOR_INVALID is its own: a route may take PageQuery and never read its cursor (the
 * findings export). A code's status is its kind's (STATUS_OF_KIND), as the filter answers it.
 */
export function documentErrors(app: INestApplication, document: OpenAPIObject): OpenAPIObject {
  const modules = [...app.get(ModulesContainer).values()];
  const routes = routesByOperationId(
    modules.flatMap((m) => [...m.controllers.values()].map((w) => w.metatype)),
  );
  const guards = modules
    .flatMap((m) => [...m.providers.entries()])
    // Nest registers each APP_GUARD provider under the token `APP_GUARD (UUID: …)`.
    .filter(([token]) => typeof token === 'string' && token.startsWith(`${APP_GUARD} (`))
    .map(([, wrapper]) => wrapper.instance as Partial<RouteErrorSource> | undefined)
    .filter((guard): guard is RouteErrorSource => typeof guard?.routeErrors === 'function');
  document.components ??= {};
  document.components.schemas = { ...document.components.schemas, ErrorBody: ERROR_BODY };
  for (const item of Object.values(document.paths)) {
    for (const [method, op] of Object.entries(item as Record<string, Operation>)) {
      if (typeof op !== 'object' || op === null || !('responses' in op)) continue;
      const route = op.operationId ? routes.get(op.operationId) : undefined;
      if (!route) throw new Error(`documentErrors: no handler for the operation ${op.operationId ?? method}`);
      const errors = errorsOf(route, method, guards);
      for (const [status, codes] of byStatus(errors)) op.responses[status] = responseOf(status, codes);
    }
  }
  return document;
}

/** Swagger names an operation `<Controller>_<method>`: the handler each one documents. */
function routesByOperationId(controllers: unknown[]): Map<string, Route> {
  const routes = new Map<string, Route>();
  for (const controller of controllers as Type<unknown>[]) {
    const proto = controller.prototype as Record<string, unknown>;
    for (const methodName of Object.getOwnPropertyNames(proto)) {
      const handler = proto[methodName];
      if (methodName === 'constructor' || typeof handler !== 'function') continue;
      const id = `${controller.name}_${methodName}`;
      if (routes.has(id)) throw new Error(`documentErrors: two controllers named ${controller.name}`);
      routes.set(id, { controller, handler: handler as Route['handler'], methodName });
    }
  }
  return routes;
}

function errorsOf(route: Route, method: string, guards: RouteErrorSource[]): RouteError[] {
  const documented: DocumentedRoute = {
    method,
    metadata: <T>(key: string) =>
      (Reflect.getMetadata(key, route.handler) ?? Reflect.getMetadata(key, route.controller)) as
        T | undefined,
  };
  const own = [
    ...((Reflect.getMetadata(API_ERRORS, route.controller) as RouteError[] | undefined) ?? []),
    ...((Reflect.getMetadata(API_ERRORS, route.handler) as RouteError[] | undefined) ?? []),
  ];
  // Fastify reads no body on GET and HEAD.
  const body = method === 'get' || method === 'head' ? [] : BODY_ERRORS;
  return [
    ...URL_ERRORS,
    ...body,
    ...validatedArguments(route).flatMap(dtoErrors),
    ...guards.flatMap((guard) => guard.routeErrors(documented)),
    ...own,
  ];
}

/** The DTO classes the validation pipe validates for a route: its body, query and path arguments of a class type. */
function validatedArguments(route: Route): Type<unknown>[] {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, route.controller, route.methodName) ?? {}) as Record<
    string,
    { index: number }
  >;
  const types = (Reflect.getMetadata(
    'design:paramtypes',
    route.controller.prototype as object,
    route.methodName,
  ) ?? []) as unknown[];
  const validated = [RouteParamtypes.BODY, RouteParamtypes.QUERY, RouteParamtypes.PARAM].map(String);
  return Object.entries(args)
    .filter(([key]) => validated.includes(key.split(':')[0]))
    .map(([, arg]) => types[arg.index])
    .filter((type): type is Type<unknown> => typeof type === 'function' && !UNVALIDATED.includes(type));
}

/**
 * What validating `dto` may answer: VALIDATION_FAILED, UNKNOWN_FIELD, and the stable code of
 * a field decorator (MONEY_INVALID, when it is a request's only problem) in it or in a DTO
 * nested in it.
 */
function dtoErrors(dto: Type<unknown>): RouteError[] {
  const storage = getMetadataStorage();
  const errors: RouteError[] = [...DTO_ERRORS];
  const seen = new Set<unknown>();
  const visit = (target: Type<unknown>): void => {
    if (seen.has(target)) return;
    seen.add(target);
    for (const meta of storage.getTargetValidationMetadatas(target, '', true, false)) {
      if (meta.type === 'customValidation') {
        for (const { name } of storage.getTargetValidatorConstraints(meta.constraintCls)) {
          if (isCodeOfKind(name, 'invalid')) errors.push(name);
        }
      }
      if (meta.type === 'nestedValidation') {
        const nested = defaultMetadataStorage.findTypeMetadata(target, meta.propertyName)?.typeFunction();
        if (typeof nested === 'function') visit(nested as Type<unknown>);
      }
    }
  };
  visit(dto);
  return errors;
}

/** Each status with the codes answered with it, sorted. */
function byStatus(errors: RouteError[]): Map<number, ErrorCode[]> {
  const out = new Map<number, Set<ErrorCode>>();
  for (const error of errors) {
    const [code, kind] = typeof error === 'string' ? [error, kindsOf(error)[0]] : error;
    const status = STATUS_OF_KIND[kind];
    out.set(status, (out.get(status) ?? new Set()).add(code));
  }
  return new Map([...out].sort(([a], [b]) => a - b).map(([status, codes]) => [status, [...codes].sort()]));
}

function responseOf(status: number, codes: ErrorCode[]): unknown {
  const retryAfter =
    RETRY_AFTER_STATUSES.includes(status) || codes.some((code) => RETRY_AFTER_CODES.includes(code));
  return {
    description: codes.join(', '),
    ...(retryAfter
      ? {
          headers: {
            'Retry-After': {
              description: 'Seconds to wait before retrying',
              schema: { type: 'integer', minimum: 1 },
            },
          },
        }
      : {}),
    content: {
      'application/json': {
        schema: {
          allOf: [{ $ref: '#/components/schemas/ErrorBody' }, { properties: { code: { enum: codes } } }],
        },
      },
    },
  };
}
