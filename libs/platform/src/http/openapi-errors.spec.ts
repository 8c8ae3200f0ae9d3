import {
  Body,
  CanActivate,
  Controller,
  Get,
  Injectable,
  Param,
  Post,
  Query,
  SetMetadata,
} from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { Test } from '@nestjs/testing';
import { Type } from 'class-transformer';
import { IsString, ValidateNested } from 'class-validator';
import {
  ApiErrors,
  type DocumentedRoute,
  type RouteError,
  type RouteErrorSource,
} from './api-errors.decorator';
import { documentErrors } from './openapi-errors';
import { Public, PUBLIC_ROUTE } from './public-route.decorator';
import { IsMoney } from './stable-code.decorators';

const SECRET = 'test:secret';

@Injectable()
class TokenGuard implements CanActivate, RouteErrorSource {
  canActivate(): boolean {
    return true;
  }

  routeErrors(route: DocumentedRoute): readonly RouteError[] {
    if (route.metadata(PUBLIC_ROUTE) === true) return [];
    const errors: RouteError[] = ['UNAUTHENTICATED', ['OFFICER_DISABLED', 'unauthenticated']];
    return route.metadata(SECRET) ? [...errors, 'ROLE_FORBIDDEN'] : errors;
  }
}

class LineDto {
  @IsMoney() amount!: string;
}

class DraftDto {
  @IsString() name!: string;
  @ValidateNested({ each: true }) @Type(() => LineDto) lines!: LineDto[];
}

class ListQuery {
  @IsString() period!: string;
}

@ApiErrors('BUREAU_NOT_FOUND')
@Controller('things')
class ThingsController {
  @Post()
  @SetMetadata(SECRET, true)
  @ApiErrors('INVOICE_TOTAL_MISMATCH', ['OFFICER_DISABLED', 'forbidden'])
  create(@Body() dto: DraftDto): DraftDto {
    return dto;
  }

  @Get()
  list(@Query() query: ListQuery): ListQuery {
    return query;
  }

  @Public()
  @Get(':id')
  one(@Param('id') id: string): string {
    return id;
  }
}

type Responses = Record<string, { description: string; headers?: object; content: unknown }>;

describe('documentErrors', () => {
  let doc: OpenAPIObject;
  const responses = (path: string, method: 'get' | 'post'): Responses =>
    doc.paths[path][method]!.responses as unknown as Responses;
  const codes = (path: string, method: 'get' | 'post'): Record<string, string> =>
    Object.fromEntries(
      Object.entries(responses(path, method))
        .filter(([status]) => Number(status) >= 400)
        .map(([status, r]) => [status, r.description]),
    );

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      controllers: [ThingsController],
      providers: [{ provide: APP_GUARD, useClass: TokenGuard }],
    }).compile();
    const app = moduleRef.createNestApplication(new FastifyAdapter());
    doc = documentErrors(app, SwaggerModule.createDocument(app, new DocumentBuilder().build()));
    await app.close();
  });

  it('lists per status the route’s own codes, its shape’s and its guards’', () => {
    expect(codes('/things', 'post')).toEqual({
      '400':
        'BODY_UNREADABLE, DUPLICATE_JSON_KEY, JSON_TOO_DEEP, MALFORMED_JSON, MONEY_INVALID, PROTOTYPE_JSON_KEY, ' +
        'TEXT_INVALID, UNKNOWN_FIELD, UNSUPPORTED_ENCODING, URL_ENCODING_INVALID, VALIDATION_FAILED',
      '401': 'OFFICER_DISABLED, UNAUTHENTICATED',
      '403': 'OFFICER_DISABLED, ROLE_FORBIDDEN',
      '404': 'BUREAU_NOT_FOUND',
      '413': 'PAYLOAD_TOO_LARGE',
      '422': 'INVOICE_TOTAL_MISMATCH',
    });
  });

  it('reads no body on GET, and gives a public route none of the guard’s codes', () => {
    expect(codes('/things', 'get')).toEqual({
      '400': 'TEXT_INVALID, UNKNOWN_FIELD, URL_ENCODING_INVALID, VALIDATION_FAILED',
      '401': 'OFFICER_DISABLED, UNAUTHENTICATED',
      '404': 'BUREAU_NOT_FOUND',
    });
    expect(codes('/things/{id}', 'get')).toEqual({
      '400': 'TEXT_INVALID, URL_ENCODING_INVALID',
      '404': 'BUREAU_NOT_FOUND',
    });
  });

  it('gives each error response the error body with `code` one of its codes', () => {
    expect(responses('/things', 'post')['422'].content).toEqual({
      'application/json': {
        schema: {
          allOf: [
            { $ref: '#/components/schemas/ErrorBody' },
            { properties: { code: { enum: ['INVOICE_TOTAL_MISMATCH'] } } },
          ],
        },
      },
    });
    expect(doc.components?.schemas?.ErrorBody).toMatchObject({ required: ['code', 'message'] });
    expect(responses('/things', 'post')['413'].headers).toBeUndefined();
  });
});
