import assert from 'node:assert/strict';
import { clientName, routeForModel } from '../../../src/gateway';
import { anthropicStreamEncoder, anthropicToRequest } from '../../../src/gateway/anthropic';
import { openAiToRequest } from '../../../src/gateway/openai';
import { tenantForToken } from '../../../src/gateway/security';
import { resolveSettings } from '../../../src/router';

const config = resolveSettings({
  targets: [
    { id: 'a', model: 'us.anthropic.claude-sonnet-4-6', profile: 'p', region: 'us-east-1' },
    { id: 'h', model: 'global.anthropic.claude-haiku-4-5-20251001-v1:0', profile: 'p', region: 'us-east-1' },
  ],
  routes: [
    { name: 'main', targets: ['a'], fallbacks: ['fast'] },
    { name: 'fast', targets: ['h'] },
  ],
});

describe('gateway: requests in, answers out', () => {
  it('a token names its workspace; a wrong, missing or prefix token names none', () => {
    const tokens = new Map([
      ['rllm-one', 'ws-one'],
      ['rllm-two', 'ws-two'],
    ]);
    assert.equal(tenantForToken('rllm-two', tokens), 'ws-two');
    assert.equal(tenantForToken('rllm-tw', tokens), undefined);
    assert.equal(tenantForToken('', tokens), undefined);
    assert.equal(tenantForToken(undefined, tokens), undefined);
  });

  it('a model id reaches a route by name, by mapping, by a target using it (also as an ARN), else none', () => {
    assert.equal(routeForModel('fast', config), 'fast');
    assert.equal(routeForModel('us.anthropic.claude-sonnet-4-6', config), 'main');
    assert.equal(routeForModel('arn:aws:bedrock:us-east-1:111122223333:inference-profile/global.anthropic.claude-haiku-4-5-20251001-v1:0', config), 'fast');
    assert.equal(routeForModel('us.anthropic.claude-sonnet-4-5-20250929-v1:0', config, { 'us.anthropic.claude-sonnet-4-5-20250929-v1:0': 'fast' }), 'fast');
    assert.equal(routeForModel('mistral.large', config), undefined);
  });

  it('names clients people know from their user agents', () => {
    assert.equal(clientName('claude-cli/2.1.197 (external, sdk-cli)'), 'Claude Code 2.1.197');
    assert.equal(clientName('aws-sdk-js/3.1164.0 ua/2.1 os/linux#6 lang/js md/nodejs#20.20.2 api/bedrock-runtime#3.1164.0'), 'AWS SDK for JavaScript 3.1164.0');
    assert.equal(clientName('OpenAI/JS 6.49.0'), 'OpenAI SDK 6.49.0');
    assert.equal(clientName('my-script/1.0 extra'), 'my-script/1.0');
    assert.equal(clientName(undefined), 'unknown client');
  });

  it('an Anthropic Messages body keeps tool uses and tool results (with errors) for the router', () => {
    const r = anthropicToRequest({
      anthropic_version: 'bedrock-2023-05-31',
      max_tokens: 100,
      system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }],
      tools: [{ name: 'Glob', input_schema: { type: 'object' } }, { type: 'web_search_20250305', name: 'web_search' }],
      messages: [
        { role: 'user', content: 'find files' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'Glob', input: { pattern: '*.md' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: [{ type: 'text', text: 'notes.md' }], is_error: true }] },
      ],
    });
    assert.deepEqual(r.system, ['Be brief.']);
    assert.equal(r.systemCachePoint, true);
    assert.deepEqual(r.tools?.map((t) => t.name), ['Glob'], 'server tools without a schema are left out');
    assert.deepEqual(r.messages[1]!.content[0], { type: 'toolUse', toolUseId: 't1', name: 'Glob', input: { pattern: '*.md' } });
    assert.deepEqual(r.messages[2]!.content[0], { type: 'toolResult', toolUseId: 't1', content: [{ text: 'notes.md' }], status: 'error' });
  });

  it('OpenAI messages: system to the system prompt, consecutive tool results into one user turn', () => {
    const r = openAiToRequest({
      model: 'main',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'weather?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'w', arguments: '{"city":"Paris"}' } }, { id: 'c2', type: 'function', function: { name: 'w', arguments: '{"city":"Rome"}' } }] },
        { role: 'tool', tool_call_id: 'c1', content: 'sunny' },
        { role: 'tool', tool_call_id: 'c2', content: 'rain' },
      ],
      tool_choice: 'required',
    });
    assert.deepEqual(r.system, ['Be brief.']);
    assert.equal(r.messages.length, 3);
    assert.deepEqual(r.messages[1]!.content.map((c) => (c.type === 'toolUse' ? c.input : null)), [{ city: 'Paris' }, { city: 'Rome' }]);
    assert.deepEqual(r.messages[2]!.content.map((c) => (c.type === 'toolResult' ? c.toolUseId : null)), ['c1', 'c2']);
    assert.equal(r.toolChoice, 'any');
  });

  it('Anthropic stream events: text block, then a tool use block with its whole input, then the stop with final usage', () => {
    const enc = anthropicStreamEncoder('main', 'req-1', { messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] });
    const events = [
      ...enc.start(),
      ...enc.event({ type: 'text', text: 'I will ' }),
      ...enc.event({ type: 'text', text: 'look.' }),
      ...enc.event({ type: 'toolUse', toolUseId: 't1', name: 'Glob', input: { pattern: '*' } }),
      ...enc.event({ type: 'stop', stopReason: 'tool_use' }),
      ...enc.event({ type: 'usage', usage: { inputTokens: 12, outputTokens: 9, totalTokens: 21 } }),
      ...enc.finish(),
    ];
    assert.deepEqual(
      events.map((e) => e.type),
      ['message_start', 'content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_stop', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop'],
    );
    assert.deepEqual(events[6], { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"pattern":"*"}' } });
    assert.deepEqual(events[8], { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 9, input_tokens: 12, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 } });
  });
});
