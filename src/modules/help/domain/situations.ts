/**
 * The seed vocabulary of the help directory: topics (the books of the social code and themes) and
 * about twenty life situations in residents' words, each with the words that point to it and the
 * topics it leads to. A tenant starts from this list (use-cases/vocabulary.ts) and its staff edit it.
 */
import type { TopicKind } from './vocab.ts';

export interface TopicSeed {
  key: string;
  kind: TopicKind;
  label: string;
}

export const TOPIC_SEED: TopicSeed[] = [
  { key: 'sgb2', kind: 'social_code', label: 'Bürgergeld, Grundsicherung für Arbeitsuchende (SGB II)' },
  { key: 'sgb3', kind: 'social_code', label: 'Arbeitsförderung, Arbeitslosengeld (SGB III)' },
  { key: 'sgb5', kind: 'social_code', label: 'Krankenversicherung (SGB V)' },
  { key: 'sgb8', kind: 'social_code', label: 'Kinder- und Jugendhilfe (SGB VIII)' },
  { key: 'sgb9', kind: 'social_code', label: 'Rehabilitation und Teilhabe (SGB IX)' },
  { key: 'sgb11', kind: 'social_code', label: 'Pflegeversicherung (SGB XI)' },
  { key: 'sgb12', kind: 'social_code', label: 'Sozialhilfe, Grundsicherung im Alter (SGB XII)' },
  { key: 'housing_benefit', kind: 'social_code', label: 'Wohngeld' },
  { key: 'child_benefit', kind: 'social_code', label: 'Kindergeld und Kinderzuschlag' },
  { key: 'debt', kind: 'theme', label: 'Schulden' },
  { key: 'migration', kind: 'theme', label: 'Aufenthalt und Migration' },
  { key: 'health', kind: 'theme', label: 'Gesundheit und psychosoziale Krisen' },
  { key: 'family', kind: 'theme', label: 'Familie und Schwangerschaft' },
  { key: 'disability', kind: 'theme', label: 'Behinderung' },
  { key: 'addiction', kind: 'theme', label: 'Sucht' },
  { key: 'violence', kind: 'theme', label: 'Gewalt' },
  { key: 'tenancy', kind: 'theme', label: 'Miete und Wohnen' },
];

export interface SituationSeed {
  key: string;
  label: string;
  /** Words and phrases that point to it; a phrase matches when all its words occur in the query. */
  terms: string[];
  topics: string[];
}

export const SITUATION_SEED: SituationSeed[] = [
  {
    key: 'rent_arrears',
    label: 'Ich kann meine Miete nicht bezahlen',
    terms: ['Miete bezahlen', 'Mietschulden', 'Mietrückstand', 'Miete zahlen', 'pay rent', 'rent arrears'],
    topics: ['tenancy', 'housing_benefit', 'sgb2', 'debt'],
  },
  {
    key: 'eviction',
    label: 'Mein Vermieter hat gekündigt',
    terms: [
      'Vermieter',
      'Kündigung Wohnung',
      'Räumung',
      'Zwangsräumung',
      'Wohnung verlieren',
      'eviction',
      'evicted',
      'landlord',
    ],
    topics: ['tenancy', 'sgb12'],
  },
  {
    key: 'homelessness',
    label: 'Ich habe keine Wohnung',
    terms: ['obdachlos', 'wohnungslos', 'keine Wohnung', 'Notunterkunft', 'homeless'],
    topics: ['tenancy', 'sgb12'],
  },
  {
    key: 'debt',
    label: 'Ich habe Schulden',
    terms: [
      'Schulden',
      'Schuldner',
      'Inkasso',
      'Pfändung',
      'Mahnung',
      'Insolvenz',
      'Kredit',
      'debt',
      'debts',
    ],
    topics: ['debt'],
  },
  {
    key: 'job_loss',
    label: 'Ich habe meine Arbeit verloren',
    terms: [
      'arbeitslos',
      'Arbeit verloren',
      'Job verloren',
      'entlassen',
      'Arbeitsamt',
      'Agentur für Arbeit',
      'lost job',
      'unemployed',
    ],
    topics: ['sgb3', 'sgb2'],
  },
  {
    key: 'low_income',
    label: 'Das Geld reicht nicht zum Leben',
    terms: [
      'Geld reicht nicht',
      'Bürgergeld',
      'Hartz',
      'Grundsicherung',
      'Jobcenter',
      'kein Geld',
      'no money',
    ],
    topics: ['sgb2', 'sgb12', 'housing_benefit', 'child_benefit'],
  },
  {
    key: 'pregnancy',
    label: 'Ich bekomme ein Kind',
    terms: ['schwanger', 'Schwangerschaft', 'Baby', 'Kind bekommen', 'Geburt', 'pregnant', 'expecting baby'],
    topics: ['family', 'child_benefit', 'sgb5'],
  },
  {
    key: 'child_money',
    label: 'Geld für mein Kind',
    terms: ['Kindergeld', 'Kinderzuschlag', 'Elterngeld', 'Unterhaltsvorschuss', 'child benefit'],
    topics: ['child_benefit', 'family'],
  },
  {
    key: 'parenting',
    label: 'Ich mache mir Sorgen um mein Kind',
    terms: ['Erziehung', 'Jugendamt', 'Pubertät', 'Sorgen Kind', 'Erziehungsberatung', 'parenting'],
    topics: ['sgb8', 'family'],
  },
  {
    key: 'separation',
    label: 'Wir trennen uns',
    terms: ['Trennung', 'Scheidung', 'Unterhalt', 'Sorgerecht', 'Umgangsrecht', 'divorce', 'separation'],
    topics: ['family', 'sgb8'],
  },
  {
    key: 'violence',
    label: 'Ich erlebe Gewalt',
    terms: [
      'Gewalt',
      'häusliche Gewalt',
      'geschlagen',
      'Missbrauch',
      'bedroht',
      'Stalking',
      'violence',
      'abuse',
    ],
    topics: ['violence'],
  },
  {
    key: 'residence',
    label: 'Ich habe Fragen zu Aufenthalt und Papieren',
    terms: [
      'Aufenthalt',
      'Aufenthaltstitel',
      'Visum',
      'Asyl',
      'Duldung',
      'Ausländerbehörde',
      'Einbürgerung',
      'residence permit',
      'asylum',
      'visa',
    ],
    topics: ['migration'],
  },
  {
    key: 'arrival',
    label: 'Ich bin neu in Deutschland',
    terms: [
      'neu in Deutschland',
      'geflüchtet',
      'Flucht',
      'Geflüchtete',
      'Migration',
      'Migrationshintergrund',
      'refugee',
      'new in Germany',
    ],
    topics: ['migration'],
  },
  {
    key: 'illness',
    label: 'Ich bin krank',
    terms: [
      'krank',
      'Krankheit',
      'Krankenversicherung',
      'Krankenkasse',
      'Arzt',
      'Erkrankung',
      'sick',
      'health insurance',
    ],
    topics: ['sgb5', 'health'],
  },
  {
    key: 'crisis',
    label: 'Mir geht es seelisch nicht gut',
    terms: [
      'psychisch',
      'Depression',
      'Angst',
      'traurig',
      'Traurigkeit',
      'einsam',
      'Einsamkeit',
      'Suizid',
      'Krise',
      'verzweifelt',
      'Stimmen hören',
      'lonely',
      'depressed',
      'anxiety',
      'crisis',
    ],
    topics: ['health'],
  },
  {
    key: 'addiction',
    label: 'Alkohol, Drogen oder Spielen machen mir Probleme',
    terms: [
      'Sucht',
      'süchtig',
      'Alkohol',
      'Drogen',
      'Kiffen',
      'Spielsucht',
      'Glücksspiel',
      'Gaming',
      'Medikamente',
      'addiction',
      'drugs',
      'alcohol',
    ],
    topics: ['addiction', 'health'],
  },
  {
    key: 'disability',
    label: 'Ich lebe mit einer Behinderung',
    terms: ['Behinderung', 'behindert', 'Schwerbehinderung', 'Rollstuhl', 'Teilhabe', 'Reha', 'disability'],
    topics: ['sgb9', 'disability'],
  },
  {
    key: 'care',
    label: 'Jemand in meiner Familie braucht Pflege',
    terms: ['Pflege', 'Pflegegrad', 'pflegebedürftig', 'Angehörige pflegen', 'Pflegedienst', 'care'],
    topics: ['sgb11', 'sgb12'],
  },
  {
    key: 'old_age',
    label: 'Ich bin alt und brauche Hilfe',
    terms: ['Rente', 'Senioren', 'Grundsicherung im Alter', 'im Alter', 'pension', 'elderly'],
    topics: ['sgb12', 'sgb11'],
  },
  {
    key: 'youth',
    label: 'Ich bin jung und brauche Hilfe',
    terms: ['Jugendliche', 'Ausbildung', 'Schule', 'Kinder Jugendliche', 'young'],
    topics: ['sgb8', 'sgb3'],
  },
  {
    key: 'energy_costs',
    label: 'Strom und Heizung kann ich nicht bezahlen',
    terms: ['Strom', 'Stromsperre', 'Heizkosten', 'Nebenkosten', 'Energie', 'electricity', 'heating'],
    topics: ['debt', 'sgb2', 'tenancy'],
  },
];
