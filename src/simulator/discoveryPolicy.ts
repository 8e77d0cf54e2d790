/**
 * Which accounts are denied the discovery calls (ListFoundationModels,
 * ListInferenceProfiles), as a service control policy would deny them. Set by a scenario
 * (`accounts[].denyDiscovery`) or the admin API; `reset` returns to the scenario's.
 */
export const DISCOVERY_OPERATIONS = ['ListFoundationModels', 'ListInferenceProfiles'] as const;
export type DiscoveryOperation = (typeof DISCOVERY_OPERATIONS)[number];

export class DiscoveryPolicy {
  private readonly denied = new Map<string, Set<DiscoveryOperation>>();

  constructor(private readonly configured: ReadonlyMap<string, readonly DiscoveryOperation[]> = new Map()) {
    this.reset();
  }

  /** Denies (or allows again) some or all discovery operations to the account of `profile`. */
  set(profile: string, deny: boolean, operations: readonly DiscoveryOperation[] = DISCOVERY_OPERATIONS): void {
    const ops = this.denied.get(profile) ?? new Set<DiscoveryOperation>();
    for (const op of operations) {
      if (deny) ops.add(op);
      else ops.delete(op);
    }
    if (ops.size > 0) this.denied.set(profile, ops);
    else this.denied.delete(profile);
  }

  isDenied(profile: string, operation: DiscoveryOperation): boolean {
    return this.denied.get(profile)?.has(operation) ?? false;
  }

  /** Denied operations per account profile. */
  snapshot(): Record<string, DiscoveryOperation[]> {
    return Object.fromEntries([...this.denied].map(([p, ops]) => [p, [...ops]]));
  }

  reset(): void {
    this.denied.clear();
    for (const [profile, ops] of this.configured) this.set(profile, true, ops);
  }
}

/** How an SCP denial reads. */
export function deniedMessage(accountId: string, profile: string, operation: DiscoveryOperation): string {
  return `User: arn:aws:iam::${accountId}:user/${profile} is not authorized to perform: bedrock:${operation} with an explicit deny in a service control policy`;
}
