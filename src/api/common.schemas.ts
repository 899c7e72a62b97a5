import { z } from 'zod';

/** A timestamp as the API writes it: ISO 8601 in UTC. */
export const IsoDateTimeSchema = z.string().meta({ format: 'date-time', example: '2026-11-02T10:15:30.000Z' });

/**
 * A name of a definition, participant or command: letters, digits, `-`, `_`, `.`; starts with a
 * letter; at most 100 characters. Allow-listed so filters never carry injection-like text.
 */
export const SafeIdentifierSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_.-]{0,99}$/, 'Expected a name of letters, digits, "-", "_" or "." starting with a letter (max 100).')
  .meta({ example: 'order' });

/** Any JSON object. */
export const JsonObjectSchema = z.record(z.string(), z.unknown());
