/**
 * The few ASN.1 types a PKCS#12 file needs that @peculiar/asn1-pfx and its companions do not declare: CMS
 * EncryptedData (RFC 5652 §8), the PBES2 and PBKDF2 parameters (RFC 8018 §A.2, §A.4) and the PKCS#12 PBE
 * parameters (RFC 7292 Appendix C). They are declared as @peculiar/asn1-schema classes, so that library does every
 * byte of the parsing; the decorators are applied as plain calls, since this project does not enable TypeScript's
 * experimental decorators.
 */

import { EncryptedContentInfo } from '@peculiar/asn1-cms';
import { AsnProp, AsnPropTypes, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';

/** RFC 5652 §8: `EncryptedData ::= SEQUENCE { version, encryptedContentInfo, unprotectedAttrs [1] OPTIONAL }`. */
export class EncryptedData {
  version = 0;
  encryptedContentInfo = new EncryptedContentInfo();
}
AsnProp({ type: AsnPropTypes.Integer })(EncryptedData.prototype, 'version');
AsnProp({ type: EncryptedContentInfo })(EncryptedData.prototype, 'encryptedContentInfo');

/** RFC 8018 §A.2: `PBKDF2-params` (only the `specified` salt choice, the one every PKCS#12 writer uses). */
export class Pbkdf2Params {
  salt = new OctetString();
  iterationCount = 0;
  keyLength?: number;
  prf?: AlgorithmIdentifier;
}
AsnProp({ type: OctetString })(Pbkdf2Params.prototype, 'salt');
AsnProp({ type: AsnPropTypes.Integer })(Pbkdf2Params.prototype, 'iterationCount');
AsnProp({ type: AsnPropTypes.Integer, optional: true })(Pbkdf2Params.prototype, 'keyLength');
AsnProp({ type: AlgorithmIdentifier, optional: true })(Pbkdf2Params.prototype, 'prf');

/** RFC 8018 §A.4: `PBES2-params ::= SEQUENCE { keyDerivationFunc, encryptionScheme }`. */
export class Pbes2Params {
  keyDerivationFunc = new AlgorithmIdentifier();
  encryptionScheme = new AlgorithmIdentifier();
}
AsnProp({ type: AlgorithmIdentifier })(Pbes2Params.prototype, 'keyDerivationFunc');
AsnProp({ type: AlgorithmIdentifier })(Pbes2Params.prototype, 'encryptionScheme');

/** RFC 7292 Appendix C: `pkcs-12PbeParams ::= SEQUENCE { salt OCTET STRING, iterations INTEGER }`. */
export class Pkcs12PbeParams {
  salt = new OctetString();
  iterations = 0;
}
AsnProp({ type: OctetString })(Pkcs12PbeParams.prototype, 'salt');
AsnProp({ type: AsnPropTypes.Integer })(Pkcs12PbeParams.prototype, 'iterations');
