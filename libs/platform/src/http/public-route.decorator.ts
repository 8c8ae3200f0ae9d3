import { SetMetadata } from '@nestjs/common';

export const PUBLIC_ROUTE = 'jinshui:public';

/** The route needs no credentials (login, health, public verification); auth guards skip it. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);
