/** The enterprise behind an API key; every request acts for this one taxpayer. */
export class EnterprisePrincipal {
  constructor(
    readonly taxId: string,
    readonly apiKeyId: string,
  ) {}
}
