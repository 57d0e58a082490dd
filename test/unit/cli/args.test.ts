import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  booleanFlag,
  type CommandSpec,
  closest,
  editDistance,
  integerFlag,
  kebabCase,
  listFlag,
  parseArgs,
  stringFlag,
  UsageError,
  wantsHelp,
} from '../../../src/cli/args';
import { CLIENT_ASSERTION, COMMANDS, DECODE, KEYGEN, VERIFY } from '../../../src/cli/specs';

const SPEC: CommandSpec = {
  name: 'demo',
  summary: 'test spec',
  usage: ['demo'],
  flags: [
    { name: 'client-id', type: 'string', valueName: 'ID', description: 'id' },
    { name: 'mode', type: 'string', choices: ['fast', 'slow'], description: 'mode' },
    { name: 'count', type: 'integer', description: 'count' },
    { name: 'ca', type: 'list', description: 'ca' },
    { name: 'json', type: 'boolean', description: 'json' },
  ],
  positionals: { min: 0, max: 1, label: 'a token' },
};

describe('parseArgs accepts both flag forms', () => {
  const cases: { argv: string[]; check: (a: ReturnType<typeof parseArgs>) => void; name: string }[] = [
    { name: '--flag=value', argv: ['--client-id=abc'], check: (a) => assert.equal(stringFlag(a, 'client-id'), 'abc') },
    {
      name: '--flag value',
      argv: ['--client-id', 'abc'],
      check: (a) => assert.equal(stringFlag(a, 'client-id'), 'abc'),
    },
    { name: 'value with =', argv: ['--client-id=a=b'], check: (a) => assert.equal(stringFlag(a, 'client-id'), 'a=b') },
    {
      name: 'camelCase alias',
      argv: ['--clientId=abc'],
      check: (a) => assert.equal(stringFlag(a, 'client-id'), 'abc'),
    },
    { name: 'boolean', argv: ['--json'], check: (a) => assert.equal(booleanFlag(a, 'json'), true) },
    { name: 'boolean =true', argv: ['--json=true'], check: (a) => assert.equal(booleanFlag(a, 'json'), true) },
    {
      name: 'boolean =false',
      argv: ['--json', '--json=false'],
      check: (a) => assert.equal(booleanFlag(a, 'json'), false),
    },
    { name: 'absent boolean', argv: [], check: (a) => assert.equal(booleanFlag(a, 'json'), false) },
    { name: 'integer', argv: ['--count', '42'], check: (a) => assert.equal(integerFlag(a, 'count'), 42) },
    { name: 'choice', argv: ['--mode=slow'], check: (a) => assert.equal(stringFlag(a, 'mode'), 'slow') },
    {
      name: 'list repeats',
      argv: ['--ca=a.pem', '--ca', 'b.pem'],
      check: (a) => assert.deepEqual(listFlag(a, 'ca'), ['a.pem', 'b.pem']),
    },
    { name: 'absent list', argv: [], check: (a) => assert.deepEqual(listFlag(a, 'ca'), []) },
    { name: 'positional', argv: ['tok'], check: (a) => assert.deepEqual(a.positionals, ['tok']) },
    { name: 'dash is positional', argv: ['-'], check: (a) => assert.deepEqual(a.positionals, ['-']) },
    {
      name: 'after -- everything is positional',
      argv: ['--', '--json'],
      check: (a) => {
        assert.deepEqual(a.positionals, ['--json']);
        assert.equal(booleanFlag(a, 'json'), false);
      },
    },
    {
      name: 'value may be a lone dash',
      argv: ['--client-id', '-'],
      check: (a) => assert.equal(stringFlag(a, 'client-id'), '-'),
    },
    { name: '--help marks help', argv: ['--help'], check: (a) => assert.equal(a.help, true) },
    { name: '-h marks help', argv: ['-h', 'x', 'y'], check: (a) => assert.equal(a.help, true) },
  ];
  for (const c of cases) test(c.name, () => c.check(parseArgs(c.argv, SPEC)));
});

describe('parseArgs refuses every malformed command line', () => {
  const cases: { argv: string[]; code: string; message: RegExp; hint?: RegExp }[] = [
    { argv: ['--nope'], code: 'unknown_flag', message: /unknown option --nope for demo/ },
    { argv: ['--client-di=x'], code: 'unknown_flag', message: /--client-di/, hint: /did you mean --client-id\?/ },
    { argv: ['--jsno'], code: 'unknown_flag', message: /--jsno/, hint: /--json/ },
    { argv: ['-x'], code: 'unknown_flag', message: /unknown option -x/ },
    { argv: ['--client-id'], code: 'flag_value_missing', message: /--client-id needs a value/, hint: /--client-id=ID/ },
    { argv: ['--client-id', '--json'], code: 'flag_value_missing', message: /--client-id needs a value/ },
    { argv: ['--client-id='], code: 'flag_value_empty', message: /--client-id needs a value/ },
    { argv: ['--client-id=a', '--client-id=b'], code: 'flag_repeated', message: /more than once/ },
    { argv: ['--mode=quick'], code: 'flag_bad_choice', message: /must be one of fast, slow/ },
    { argv: ['--mode=fats'], code: 'flag_bad_choice', message: /fats/, hint: /did you mean --mode=fast/ },
    { argv: ['--count=abc'], code: 'flag_not_integer', message: /whole number/ },
    { argv: ['--count', '-5'], code: 'flag_not_integer', message: /whole number/ },
    { argv: ['--count=1.5'], code: 'flag_not_integer', message: /whole number/ },
    { argv: ['--json=yes'], code: 'flag_takes_no_value', message: /does not take a value/ },
    { argv: ['a', 'b'], code: 'unexpected_argument', message: /unexpected argument "b"/ },
  ];
  for (const c of cases) {
    test(`${c.argv.join(' ')} -> ${c.code}`, () => {
      assert.throws(
        () => parseArgs(c.argv, SPEC),
        (e: unknown) => {
          assert.ok(e instanceof UsageError);
          assert.equal(e.kind, 'usage');
          assert.equal(e.code, c.code);
          assert.match(e.message, c.message);
          if (c.hint) assert.match(e.hint ?? '', c.hint);
          return true;
        },
      );
    });
  }

  test('too few positionals', () => {
    const spec: CommandSpec = { ...SPEC, positionals: { min: 1, max: 1, label: 'a token' } };
    assert.throws(() => parseArgs([], spec), /demo needs a token/);
  });

  test('a long unexpected argument is shortened, so a pasted token is not echoed whole', () => {
    const long = `eyJ${'a'.repeat(100)}`;
    assert.throws(
      () => parseArgs(['a', long], SPEC),
      (e: unknown) => e instanceof UsageError && !e.message.includes(long) && e.message.includes('…'),
    );
  });
});

describe('helpers', () => {
  test('kebabCase', () => {
    assert.equal(kebabCase('clientId'), 'client-id');
    assert.equal(kebabCase('privateKey'), 'private-key');
    assert.equal(kebabCase('json'), 'json');
  });
  const distances: [string, string, number][] = [
    ['', '', 0],
    ['abc', 'abc', 0],
    ['abc', 'abd', 1],
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
    ['jsno', 'json', 1],
  ];
  for (const [a, b, d] of distances) test(`editDistance(${a}, ${b}) = ${d}`, () => assert.equal(editDistance(a, b), d));
  const suggestions: [string, string[], string | undefined][] = [
    ['decod', ['decode', 'verify'], 'decode'],
    ['verfy', ['decode', 'verify'], 'verify'],
    ['sign', ['sign-jwt', 'keygen'], 'sign-jwt'],
    ['zzzzzz', ['decode', 'verify'], undefined],
    ['x', ['decode'], undefined],
  ];
  for (const [word, candidates, expected] of suggestions) {
    test(`closest(${word}) = ${expected}`, () => assert.equal(closest(word, candidates), expected));
  }
  test('wantsHelp stops at --', () => {
    assert.equal(wantsHelp(['--', '--help']), false);
    assert.equal(wantsHelp(['x', '--help']), true);
  });
});

describe('command specs', () => {
  test('the Jack Henry helper flags exist with these exact names', () => {
    const names = CLIENT_ASSERTION.flags.map((f) => f.name);
    for (const name of [
      'client-id',
      'private-key',
      'token-url',
      'issuer',
      'scope',
      'alg',
      'audience',
      'exp-unit',
      'lifetime',
      'kid',
      'typ',
      'timeout',
      'json',
      'quiet',
      'preset',
      'ca',
      'proxy',
      'debug',
    ]) {
      assert.ok(names.includes(name), `client-assertion lacks --${name}`);
    }
  });
  test('keygen, decode and verify flags', () => {
    assert.deepEqual(
      KEYGEN.flags.map((f) => f.name).sort(),
      ['alg', 'bits', 'debug', 'force', 'jwks-out', 'out', 'public-out'].sort(),
    );
    assert.ok(DECODE.flags.some((f) => f.name === 'json'));
    assert.ok(VERIFY.flags.some((f) => f.name === 'jwks-url'));
    assert.ok(VERIFY.flags.some((f) => f.name === 'issuer'));
  });
  test('no command declares a flag twice, and every command has --debug', () => {
    for (const spec of COMMANDS) {
      const names = spec.flags.map((f) => f.name);
      assert.equal(new Set(names).size, names.length, spec.name);
      assert.ok(names.includes('debug'), spec.name);
    }
  });
});
