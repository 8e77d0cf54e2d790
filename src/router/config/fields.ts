import { z } from 'zod';

/** Upper bounds that catch typos (an extra zero or three) without limiting real accounts. */
export const MAX_RPM = 1_000_000;
export const MAX_TPM = 1_000_000_000;
export const MAX_CONCURRENT = 10_000;
export const MAX_TOKENS_PER_DAY = 100_000_000_000;
export const MAX_CONTEXT_TOKENS = 10_000_000;

const PROFILE_PREFIXES = ['us', 'eu', 'apac', 'jp', 'au', 'ca', 'us-gov', 'global'];
const MODEL_ID = new RegExp(`^(?:(?:${PROFILE_PREFIXES.join('|')})\\.)?[a-z0-9]+(?:-[a-z0-9]+)*\\.[A-Za-z0-9][A-Za-z0-9._:-]*$`);
const MODEL_ARN = /^arn:aws(?:-[a-z]+)*:bedrock:[a-z0-9-]+:(?:\d{12})?:(?:foundation-model|inference-profile|application-inference-profile|provisioned-model|custom-model-deployment)\/[A-Za-z0-9._:/-]+$/;

export function isModelId(value: string): boolean {
  return MODEL_ID.test(value) || MODEL_ARN.test(value);
}

export const idField = (what: string) =>
  z
    .string({ error: `must be a string naming the ${what}` })
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { error: `must be 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit` });

export const modelField = z
  .string({ error: 'must be a string: a Bedrock model id, inference profile id or ARN' })
  .refine(isModelId, {
    error: 'is not a Bedrock model id: use a model id ("anthropic.claude-haiku-4-5-20251001-v1:0"), an inference profile id ("us.anthropic.claude-sonnet-4-6") or an ARN',
  });

export const regionField = z
  .string({ error: 'must be a string naming an AWS Region' })
  .regex(/^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/, { error: 'must be an AWS Region such as "us-east-1"' });

export const profileField = z
  .string({ error: 'must be a string naming an AWS profile' })
  .regex(/^[A-Za-z0-9_.@+=,:/-]{1,128}$/, { error: 'must be the name of a profile in your AWS config or credentials file (letters, digits and _.@+=,:/-)' });

export function limitField(unit: string, max: number) {
  return z
    .number({ error: `must be a number of ${unit}` })
    .int({ error: `must be a whole number of ${unit}` })
    .positive({ error: `must be at least 1 (leave it out for no limit)` })
    .max(max, { error: `must be at most ${max}; is that a typo?` });
}

export function msField(what: string, min: number, max: number) {
  return z
    .number({ error: `must be a number of milliseconds (${what})` })
    .int({ error: `must be a whole number of milliseconds` })
    .min(min, { error: `must be at least ${min} ms` })
    .max(max, { error: `must be at most ${max} ms` });
}
