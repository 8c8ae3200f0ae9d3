import { SetMetadata } from '@nestjs/common';

export const PUBLIC_ROUTE = 'jinshui:public';

/** The route needs no credentials (login, health, public verification); auth guards skip it. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

/**
 * A public route that also takes a credential (public verification takes an API key): the
 * credential's own guard checks it when one is sent, and counts the caller as who it is.
 */
export const OPTIONAL_CREDENTIAL = 'jinshui:optional-credential';
