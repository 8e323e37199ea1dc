import { describe, expect, it } from 'vitest';
import { lexicon, matchSituations, prefixQuery, searchWords, tokens, wordMatches } from './query.ts';
import { SITUATION_SEED, TOPIC_SEED } from './situations.ts';

const top = (q: string) => matchSituations(q, SITUATION_SEED)[0]?.key;

describe('life situations from residents’ words', () => {
  it('finds the situation of the issue’s examples', () => {
    expect(top('Ich kann meine Miete nicht bezahlen')).toBe('rent_arrears');
    expect(top('Ich bekomme ein Kind')).toBe('pregnancy');
    expect(top('Mein Vermieter hat gekündigt')).toBe('eviction');
    expect(top('I lost my job')).toBe('job_loss');
    expect(top('Schulden')).toBe('debt');
  });
  it('tolerates typos and endings', () => {
    expect(top('Schulten')).toBe('debt');
    expect(top('mein vermiter')).toBe('eviction');
    expect(top('schwangerschaft beratung')).toBe('pregnancy');
    expect(top('Mietschulden')).toBe('rent_arrears');
  });
  it('finds nothing in words that say nothing', () => {
    expect(matchSituations('ich habe eine', SITUATION_SEED)).toEqual([]);
    expect(matchSituations('', SITUATION_SEED)).toEqual([]);
  });
  it('every situation leads to topics of the seed', () => {
    const keys = new Set(TOPIC_SEED.map((t) => t.key));
    expect(SITUATION_SEED.length).toBeGreaterThanOrEqual(20);
    for (const s of SITUATION_SEED)
      for (const t of s.topics) expect(keys.has(t), `${s.key} → ${t}`).toBe(true);
  });
});

describe('query normalisation', () => {
  const lex = lexicon(SITUATION_SEED);
  it('folds umlauts and drops small words', () => {
    expect(tokens('Ich kann meine Miete nicht bezahlen!')).toEqual(['miete', 'bezahlen']);
    expect(tokens('Räumung Straße')).toEqual(['raumung', 'strasse']);
  });
  it('adds the vocabulary word of a typo and the parts of a compound', () => {
    expect(searchWords('Schulten', lex)).toEqual(['schulten', 'schulden']);
    expect(searchWords('Mietschulden', lex)).toContain('schulden');
  });
  it('the prefix query holds only letters and digits', () => {
    expect(prefixQuery(['schulden', "x' | !y", 'miete'])).toBe('schulden:* | miete:*');
  });
  it('word matching: stems, prefixes, compounds, typos', () => {
    expect(wordMatches('schulden', 'schuldner')).toBe(true);
    expect(wordMatches('schuldnerberatung', 'schulden')).toBe(true);
    expect(wordMatches('miete', 'mieter')).toBe(true);
    expect(wordMatches('kind', 'kiffen')).toBe(false);
  });
});
