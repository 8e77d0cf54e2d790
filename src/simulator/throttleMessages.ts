/**
 * Bedrock's ThrottlingException messages for each quota, word for word where AWS
 * publishes them. The AWS Knowledge Center article "How do I troubleshoot the
 * ThrottlingException error when I use Amazon Bedrock on-demand resources?" lists
 * "Too many requests, please wait before trying again." and "Too many tokens, please
 * wait before trying again."; the per-day wording is not on an AWS page we could find,
 * so it follows the same pattern and names the daily quota.
 */
import type { ThrottleCause } from './tokenPool';

export const THROTTLE_MESSAGES: Readonly<Record<ThrottleCause, string>> = {
  rpm: 'Too many requests, please wait before trying again.',
  tpm: 'Too many tokens, please wait before trying again.',
  tpd: 'Too many tokens per day, please wait before trying again.',
};
