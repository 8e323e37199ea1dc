// One Zod schema per input, shared by the form, the JSON API and imports: the builders, parsing
// with messages per field, and reading a posted form into the schema's input.
export * from './fields.ts';
export * from './from-form.ts';
export * from './money.ts';
export * from './parse.ts';
export * from './slug.ts';
