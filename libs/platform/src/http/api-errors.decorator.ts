import type { CodeOfKind, CodeOfTwoKinds, DomainErrorKind, ErrorCode } from '@app/domain';

export const API_ERRORS = 'jinshui:api-errors';

/**
 * An error code a route may answer: the code, or for a code listed with two kinds
 * (OFFICER_DISABLED) the code and the kind it is answered with there. Its status is its
 * kind's (STATUS_OF_KIND), never written beside it.
 */
export type RouteError =
  | Exclude<ErrorCode, CodeOfTwoKinds>
  | { [K in DomainErrorKind]: readonly [Extract<CodeOfKind<K>, CodeOfTwoKinds>, K] }[DomainErrorKind];

/**
 * The error codes a route answers of its own: those its service and the domain rules it
 * applies throw. Each app's OpenAPI document lists them under their statuses, together with
 * the codes every route of its shape answers, which are added when the document is built and
 * not written here: malformed URLs and bodies, its validated DTOs (with their fields' stable
 * codes), credentials and roles, rate limits (`documentErrors`). On a controller, for
 * every route of it; repeatable (`@Idempotent()` adds its own).
 */
export function ApiErrors(...errors: RouteError[]): MethodDecorator & ClassDecorator {
  return (target: object, _key?: string | symbol, descriptor?: PropertyDescriptor): void => {
    const on: object = (descriptor?.value as object | undefined) ?? target;
    const own = (Reflect.getMetadata(API_ERRORS, on) as RouteError[] | undefined) ?? [];
    Reflect.defineMetadata(API_ERRORS, [...own, ...errors], on);
  };
}

/** What the OpenAPI document builder knows of a route, for those who say what they refuse on it. */
export interface DocumentedRoute {
  /** Lower-case HTTP method. */
  readonly method: string;
  /** The route's metadata of `key`, from its handler or else its controller (like Reflector.getAllAndOverride). */
  metadata<T>(key: string): T | undefined;
}

/**
 * A global guard that refuses requests says which errors it may answer on a route, so that
 * the OpenAPI documents list them without each route repeating them. `documentErrors` asks
 * every APP_GUARD that has this method.
 */
export interface RouteErrorSource {
  routeErrors(route: DocumentedRoute): readonly RouteError[];
}
