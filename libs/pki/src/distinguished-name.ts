import * as forge from 'node-forge';

/** One name attribute as node-forge models it. */
export type NameAttribute = forge.pki.CertificateField;

/** OIDs of the name attributes this PKI reads. */
export const NAME_OID = {
  commonName: '2.5.4.3',
  serialNumber: '2.5.4.5',
  countryName: '2.5.4.6',
  organizationName: '2.5.4.10',
} as const;

type AttributeName = keyof typeof NAME_OID;

// @types/node-forge types valueTagClass as asn1.Class, but forge stores the universal
// tag number (asn1.Type) there; these casts live here and nowhere else.
const UTF8 = forge.asn1.Type.UTF8 as number as forge.asn1.Class;
const PRINTABLE = forge.asn1.Type.PRINTABLESTRING as number as forge.asn1.Class;
const BMP = 30;

const PRINTABLE_STRING = /^[A-Za-z0-9 '()+,\-./:=?]+$/;

/** True if `value` may be a PrintableString (country codes, tax IDs). */
export function isPrintableString(value: string): boolean {
  return PRINTABLE_STRING.test(value);
}

/** True if `value` survives UTF-8 (no lone surrogates) and has no control characters. */
export function isUtf8Text(value: string): boolean {
  // eslint-disable-next-line no-control-regex
  return Buffer.from(value, 'utf8').toString('utf8') === value && !/[\u0000-\u001f\u007f]/.test(value);
}

/** A PrintableString attribute (X.520 requires it for `countryName` and `serialNumber`). */
export function printableAttribute(name: AttributeName, value: string): NameAttribute {
  return { name, value, valueTagClass: PRINTABLE };
}

/**
 * A UTF8String attribute. `value` is an ordinary JS string: forge UTF-8-encodes it while
 * writing the certificate. Left to its default, forge would write a PrintableString of
 * the string's low bytes and mangle every Chinese name.
 */
export function utf8Attribute(name: AttributeName, value: string): NameAttribute {
  return { name, value, valueTagClass: UTF8 };
}

/** The text of a parsed attribute (forge leaves UTF8String and BMPString values as raw bytes). */
export function attributeText(attribute: NameAttribute): string {
  const raw = typeof attribute.value === 'string' ? attribute.value : '';
  if ((attribute.valueTagClass as number) === (UTF8 as number)) return forge.util.decodeUtf8(raw);
  if ((attribute.valueTagClass as number) === BMP && raw.length % 2 === 0) {
    return Buffer.from(raw, 'binary').swap16().toString('utf16le');
  }
  return raw;
}

/** The texts of every attribute of one type in a parsed name, in order. */
export function attributeTexts(attributes: readonly NameAttribute[], name: AttributeName): string[] {
  return attributes.filter((attribute) => attribute.type === NAME_OID[name]).map(attributeText);
}

/**
 * Copies a parsed name so it can be written again, e.g. an issuer's subject into the
 * issuer field of a certificate it signs. Parsed UTF8String values are raw UTF-8 bytes
 * but forge encodes UTF8String values on write, so without decoding them first any
 * non-ASCII byte would be encoded twice and the issuer would no longer match.
 */
export function rewritableName(attributes: readonly NameAttribute[]): NameAttribute[] {
  return attributes.map((attribute) => ({
    type: attribute.type,
    valueTagClass: attribute.valueTagClass,
    value:
      (attribute.valueTagClass as number) === (UTF8 as number)
        ? forge.util.decodeUtf8(attribute.value as string)
        : attribute.value,
  }));
}
