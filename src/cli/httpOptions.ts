/** Turns --timeout, --ca and --proxy into core HttpOptions. */
import type { HttpOptions } from '../core/http';
import type { ParsedArgs } from './args';
import { integerFlag, listFlag, stringFlag, UsageError } from './args';
import { readLocalFile } from './files';

/** HttpOptions from the network flags; refuses a zero timeout and a --ca file without a PEM certificate. */
export function httpOptionsFrom(args: ParsedArgs): HttpOptions {
  const options: HttpOptions = {};
  const timeout = integerFlag(args, 'timeout');
  if (timeout !== undefined) {
    if (timeout < 1)
      throw new UsageError('flag_bad_value', '--timeout must be at least 1 (milliseconds)', 'the default is 30000');
    options.timeoutMs = timeout;
  }
  const caPaths = listFlag(args, 'ca');
  if (caPaths.length > 0) {
    options.ca = caPaths.map((path) => {
      const pem = readLocalFile(path, 'CA certificate file');
      if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
        // A DER certificate starts with an ASN.1 SEQUENCE (0x30) and a long length (0x82), which is not UTF-8.
        const der = pem.startsWith('0\ufffd');
        throw new UsageError(
          'ca_not_pem',
          `--ca ${path} holds no PEM certificate${der ? ' (it looks like a binary DER certificate)' : ''}`,
          der
            ? `convert it to PEM first: openssl x509 -inform DER -in ${path} -out ca.pem`
            : 'give a PEM file with -----BEGIN CERTIFICATE-----',
        );
      }
      return pem;
    });
  }
  const proxy = stringFlag(args, 'proxy');
  if (proxy !== undefined) options.proxy = proxy;
  return options;
}
