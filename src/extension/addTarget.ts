import * as vscode from 'vscode';
import { SETTINGS_PREFIX, type SettingsInput, formatProblem, validateSettings } from '../router';
import { REGIONS, modelChoices, parseLimit, suggestTargetId } from './addTargetPicks';
import { awsFilesDescription, listAwsProfiles } from './awsProfiles';
import { COMMANDS } from './commands/ids';
import { readSettings } from './settings';

type TargetInput = SettingsInput['targets'] extends (infer T)[] | undefined ? T : never;
type RouteInput = SettingsInput['routes'] extends (infer R)[] | undefined ? R : never;

/** Everything Add Target asks for; given as the command's argument, nothing is asked. */
export interface AddTargetInput {
  profile: string;
  region: string;
  model: string;
  rpm?: number;
  tpm?: number;
  id?: string;
  /** An existing route to add the target to, or the name of a new route; absent: no route. */
  route?: string;
}

const OTHER = '$(edit) Enter another...';

async function pickProfile(inUse: readonly string[]): Promise<{ name: string; fromAwsFiles: boolean } | undefined> {
  const aws = await listAwsProfiles().catch(() => []);
  const items: Array<vscode.QuickPickItem & { fromAwsFiles?: boolean }> = aws.map((p) => ({ label: p.name, description: [p.sso ? 'SSO' : p.keys ? 'access keys' : undefined, p.region].filter(Boolean).join(' · '), fromAwsFiles: true }));
  for (const p of inUse) if (!aws.some((a) => a.name === p)) items.push({ label: p, description: 'used by a target (not in your AWS files)' });
  items.push({ label: OTHER, alwaysShow: true });
  const picked = await vscode.window.showQuickPick(items, { title: 'Add Target (1/5): AWS profile (an account shard)', placeHolder: `Profiles from ${awsFilesDescription()}` });
  if (!picked) return undefined;
  if (picked.label !== OTHER) return { name: picked.label, fromAwsFiles: picked.fromAwsFiles === true };
  const name = await vscode.window.showInputBox({ title: 'Add Target: AWS profile name', validateInput: (v) => (/^[A-Za-z0-9_.@+=,:/-]{1,128}$/.test(v) ? undefined : 'Letters, digits and _.@+=,:/- only') });
  return name ? { name, fromAwsFiles: false } : undefined;
}

async function pickRegion(profileRegion: string | undefined): Promise<string | undefined> {
  const regions = profileRegion && REGIONS.includes(profileRegion) ? [profileRegion, ...REGIONS.filter((r) => r !== profileRegion)] : [...REGIONS];
  return (await vscode.window.showQuickPick(regions.map((r) => ({ label: r, description: r === profileRegion ? "the profile's Region" : undefined })), { title: 'Add Target (2/5): Region the requests are sent to' }))?.label;
}

async function pickModel(region: string): Promise<string | undefined> {
  const items = modelChoices(region).map((m) => ({ label: m.name, description: m.id, detail: `${m.kind} · ${Math.round(m.contextWindow / 1000)}k context · ${m.price}` }));
  const picked = await vscode.window.showQuickPick([...items, { label: OTHER, description: '', detail: 'a model id, inference profile id or ARN' }], { title: 'Add Target (3/5): model or inference profile', matchOnDescription: true, matchOnDetail: true });
  if (!picked) return undefined;
  if (picked.label !== OTHER) return picked.description;
  return vscode.window.showInputBox({ title: 'Add Target: model id, inference profile id or ARN', placeHolder: 'us.anthropic.claude-sonnet-4-6' });
}

async function askLimit(title: string, value: string): Promise<number | undefined | null> {
  const v = await vscode.window.showInputBox({ title, value, prompt: 'Empty for no limit', validateInput: (s) => { const r = parseLimit(s); return typeof r === 'object' ? r.error : undefined; } });
  if (v === undefined) return null;
  const r = parseLimit(v);
  return typeof r === 'number' ? r : undefined;
}

async function pickRoute(routes: readonly RouteInput[]): Promise<string | undefined | null> {
  const NEW = '$(add) New route...';
  const NONE = 'No route for now';
  const picked = await vscode.window.showQuickPick([...routes.map((r) => ({ label: r.name, description: `add to this route (${r.targets.join(', ')})` })), { label: NEW }, { label: NONE }], { title: 'Add Target (5/5): route' });
  if (!picked) return null;
  if (picked.label === NONE) return undefined;
  if (picked.label !== NEW) return picked.label;
  return (await vscode.window.showInputBox({ title: 'Add Target: name of the new route', validateInput: (v) => (/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(v) ? undefined : 'Letters, digits, ".", "_" or "-", starting with a letter or digit') })) ?? null;
}

async function askAll(targets: readonly TargetInput[], routes: readonly RouteInput[]): Promise<{ input: AddTargetInput; fromAwsFiles: boolean } | undefined> {
  const profile = await pickProfile([...new Set(targets.map((t) => t.profile))]);
  if (!profile) return undefined;
  const aws = await listAwsProfiles().catch(() => []);
  const region = await pickRegion(aws.find((p) => p.name === profile.name)?.region);
  if (!region) return undefined;
  const model = await pickModel(region);
  if (!model) return undefined;
  const rpm = await askLimit('Add Target (4/5): requests per minute this target may take', '20');
  if (rpm === null) return undefined;
  const tpm = await askLimit('Add Target (4/5): tokens per minute this target may take', '200000');
  if (tpm === null) return undefined;
  const suggested = suggestTargetId(model, profile.name, new Set(targets.map((t) => t.id)));
  const id = await vscode.window.showInputBox({ title: 'Add Target: target id (routes refer to it)', value: suggested });
  if (!id) return undefined;
  const route = await pickRoute(routes);
  if (route === null) return undefined;
  return { input: { profile: profile.name, region, model, rpm, tpm, id, route }, fromAwsFiles: profile.fromAwsFiles };
}

/**
 * Add Target: asks for the AWS profile, Region, model and limits (or takes them as the
 * argument), checks the result with the router's validation, and writes the target (and the
 * route it joins) into the workspace's settings.json. Returns the target written.
 */
export async function addTarget(arg?: AddTargetInput): Promise<TargetInput | undefined> {
  const { raw } = readSettings();
  const targets = (raw.targets ?? []) as TargetInput[];
  const routes = (raw.routes ?? []) as RouteInput[];
  const asked = arg ? { input: arg, fromAwsFiles: false } : await askAll(targets, routes);
  if (!asked) return undefined;
  const { input } = asked;
  const target: TargetInput = { id: input.id ?? suggestTargetId(input.model, input.profile, new Set(targets.map((t) => t.id))), model: input.model, profile: input.profile, region: input.region };
  if (input.rpm !== undefined) target.rpm = input.rpm;
  if (input.tpm !== undefined) target.tpm = input.tpm;
  const nextTargets = [...targets, target];
  const existing = input.route ? routes.find((r) => r.name === input.route) : undefined;
  const nextRoutes = !input.route ? routes : existing ? routes.map((r) => (r === existing ? { ...r, targets: [...r.targets, target.id] } : r)) : [...routes, { name: input.route, targets: [target.id] }];
  const check = validateSettings({ ...raw, targets: nextTargets, routes: nextRoutes });
  if (!check.ok) {
    void vscode.window.showErrorMessage(`The target was not added: ${check.problems.map(formatProblem).join('; ')}`);
    return undefined;
  }
  const where = vscode.workspace.workspaceFolders ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  const cfg = vscode.workspace.getConfiguration(SETTINGS_PREFIX);
  await cfg.update('targets', nextTargets, where);
  if (nextRoutes !== routes) await cfg.update('routes', nextRoutes, where);
  const place = where === vscode.ConfigurationTarget.Workspace ? 'workspace settings' : 'user settings';
  const message = `Added target ${target.id} (${target.model} · ${target.profile} · ${target.region})${input.route ? ` to route ${input.route}` : ''} in ${place}.`;
  const simulated = (vscode.workspace.getConfiguration(SETTINGS_PREFIX).inspect<string>('mode')?.globalValue ?? 'simulated') === 'simulated';
  const actions = asked.fromAwsFiles && simulated ? ['Switch to AWS Mode', 'Open Settings (JSON)'] : ['Open Settings (JSON)'];
  const hint = asked.fromAwsFiles && simulated ? ' Requests go to the simulator while resilientLlm.mode is "simulated".' : '';
  void vscode.window.showInformationMessage(message + hint, ...actions).then((c) => {
    if (c === 'Switch to AWS Mode') void cfg.update('mode', 'aws', vscode.ConfigurationTarget.Global);
    else if (c === 'Open Settings (JSON)') void vscode.commands.executeCommand(COMMANDS.openSettingsJson, `${SETTINGS_PREFIX}.targets`);
  });
  return target;
}
