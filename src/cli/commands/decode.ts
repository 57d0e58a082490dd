/**
 * `client-creds decode`: a token's header, payload and time claims (absolute and relative), or "opaque" for a token
 * that is not a JWT. Decoding only: the signature is `verify`'s job.
 */
import { JwtError } from '../../core/errors';
import { decodeJwt, decodeToken, jwsShaped, timeClaims } from '../../core/jwt';
import { booleanFlag } from '../args';
import type { CommandContext } from '../context';
import { EXIT } from '../failure';
import { timeClaimLines, tokenShape } from '../format';
import { StepWriter, styleFor } from '../terminal';
import { tokenFrom } from '../tokenInput';

/** Runs decode. */
export async function run(ctx: CommandContext): Promise<number> {
  const { args, io } = ctx;
  const token = await tokenFrom(args, io, 'decode');
  const decoded = decodeToken(token);
  if (decoded.kind === 'opaque' && !decoded.encrypted && jwsShaped(token)) {
    // Shaped like a JWS but unreadable (cut off, a part missing): the user meant a JWT, so say what is wrong.
    try {
      decodeJwt(token);
    } catch (e) {
      if (e instanceof JwtError) {
        throw new JwtError(e.code, e.message, 'check the token was copied whole: header.payload.signature');
      }
      throw e;
    }
  }
  const now = io.now();

  if (booleanFlag(args, 'json')) {
    const body =
      decoded.kind === 'opaque'
        ? decoded
        : {
            kind: decoded.kind,
            header: decoded.header,
            payload: decoded.payload,
            times: timeClaims(decoded.payload, now).map((c) => ({
              name: c.name,
              value: c.raw,
              unit: c.unit,
              date: c.date.toISOString(),
              relative: c.relative,
            })),
          };
    io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    return EXIT.ok;
  }

  const out = new StepWriter({ stream: io.stdout, style: styleFor(io.stdout, io.env) });
  if (decoded.kind === 'opaque') {
    out.heading('Opaque token');
    out.line(tokenShape(decoded));
    return EXIT.ok;
  }
  out.heading('Header');
  out.json(decoded.header);
  out.heading('Payload');
  out.json(decoded.payload);
  const times = timeClaimLines(timeClaims(decoded.payload, now));
  if (times.length > 0) {
    out.heading('Times');
    for (const line of times) out.line(line);
  }
  out.line();
  out.note('Decoded only: the signature was not checked (use `client-creds verify`).');
  return EXIT.ok;
}
