import { fillSql } from './sql-file';

describe('fillSql', () => {
  it('puts each fragment in place of every one of its placeholders', () => {
    expect(
      fillSql('SELECT * FROM {{t}} JOIN {{u}} USING (k) WHERE {{t}}.x = $1', { t: 'a_p01', u: 'b_p01' }),
    ).toBe('SELECT * FROM a_p01 JOIN b_p01 USING (k) WHERE a_p01.x = $1');
  });

  it('takes a fragment as it is, with no replacement patterns', () => {
    expect(fillSql('{{input}}', { input: "SELECT '$&' AS s" })).toBe("SELECT '$&' AS s");
  });

  it('refuses a placeholder without a fragment, and a fragment without a placeholder', () => {
    expect(() => fillSql('SELECT {{a}}, {{b}}', { a: '1' })).toThrow('{{b}}');
    expect(() => fillSql('SELECT {{a}}', { a: '1', b: '2' })).toThrow('no placeholder for b');
    expect(() => fillSql('SELECT {{constructor}}', {})).toThrow('{{constructor}}');
  });

  it('leaves a placeholder named in a comment alone', () => {
    expect(fillSql('-- ends with {{output}}\nSELECT 1\n{{output}}', { output: 'UNION\nSELECT 2' })).toBe(
      '-- ends with {{output}}\nSELECT 1\nUNION\nSELECT 2',
    );
  });

  it('reads a -- inside a string literal as text, and leaves literals and block comments alone', () => {
    expect(fillSql("SELECT '--' AS dashes FROM {{t}}", { t: 'a_p01' })).toBe(
      "SELECT '--' AS dashes FROM a_p01",
    );
    expect(fillSql("SELECT 'it''s {{t}}', \"{{t}}\" FROM {{t}}", { t: 'x' })).toBe(
      "SELECT 'it''s {{t}}', \"{{t}}\" FROM x",
    );
    expect(fillSql('/* uses {{t}}\n  twice */ SELECT 1 FROM {{t}}', { t: 'x' })).toBe(
      '/* uses {{t}}\n  twice */ SELECT 1 FROM x',
    );
  });
});
