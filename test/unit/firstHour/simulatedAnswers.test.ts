// Issue 19, item 3: simulated answers quote the user's own last question (not what VS Code,
// @bedrock or Claude Code wrapped around it) and read as a short answer, deterministic per seed.
import assert from 'node:assert/strict';
import { planReply } from '../../../src/simulator/reply';
import type { SimMessage, SimRequest } from '../../../src/simulator/request';

const text = (t: string) => ({ type: 'text' as const, text: t });
const request = (messages: SimMessage[], tools: SimRequest['tools'] = []): SimRequest => ({ system: [], messages, tools });
const answer = (r: SimRequest, seed = 7) => {
  const block = planReply(seed, r, 4096).blocks[0];
  assert.equal(block?.type, 'text');
  return block.type === 'text' ? block.text : '';
};

describe('first hour: simulated answers', () => {
  it('through the model picker: the question inside <prompt>, not the <context> VS Code adds', () => {
    const r = request([{ role: 'user', content: [text('<context>\nThe current date is December 6, 2026.\nThe user has the following file open: README.md\n</context>\n<reminderInstructions>\nBe brief.\n</reminderInstructions>\n<prompt>\nWhat does a resilient router do when a Region is throttled?\n</prompt>')] }]);
    assert.match(answer(r), /^Simulated answer to "What does a resilient router do when a Region is throttled\?":/);
  });

  it('with context blocks and no <prompt> tag: the words outside the tags', () => {
    const r = request([{ role: 'user', content: [text('<context>The current date is today.</context>'), text('<attachments><attachment id="a.ts">code</attachment></attachments>\nWhy shard across accounts?')] }]);
    assert.match(answer(r), /^Simulated answer to "Why shard across accounts\?":/);
  });

  it('from @bedrock with a file attached: the question, not the attached context', () => {
    const r = request([{ role: 'user', content: [text('Summarize this file'), text('Context the user attached:\n\nREADME.md:\n```markdown\n# Sample workspace\n```')] }]);
    assert.match(answer(r), /^Simulated answer to "Summarize this file":/);
  });

  it("from Claude Code after a tool ran: the question that started the turn, and what the tool returned (never 'tool result:')", () => {
    const r = request(
      [
        { role: 'user', content: [text('<system-reminder>\nAs you answer, follow CLAUDE.md.\n</system-reminder>'), text('Which files mention quotas?')] },
        { role: 'assistant', content: [text('I will search.'), { type: 'toolUse', toolUseId: 't1', name: 'Grep', input: { pattern: 'quota' } }] },
        { role: 'user', content: [{ type: 'toolResult', toolUseId: 't1', text: 'src/quotas.ts' }, text('<system-reminder>Keep going.</system-reminder>')] },
      ],
      [{ name: 'Grep', inputSchema: { type: 'object', properties: { pattern: { type: 'string' } } } }],
    );
    const a = answer(r);
    assert.match(a, /^Simulated answer to "Which files mention quotas\?": the tool returned "src\/quotas\.ts"\./);
    assert.doesNotMatch(a, /tool result:/);
  });

  it('reads as a few sentences, not a word list, and is the same for the same seed', () => {
    const r = (q: string) => request([{ role: 'user', content: [text(q)] }]);
    const texts = new Set<string>();
    for (let seed = 1; seed <= 20; seed++) {
      const a = answer(r('How do fallbacks work?'), seed);
      assert.equal(a, answer(r('How do fallbacks work?'), seed), 'deterministic under the seed');
      texts.add(a);
      const sentences = a.replace(/^Simulated answer to "[^"]*": /, '').split(/(?<=\.) /);
      assert.ok(sentences.length >= 3 && sentences.length <= 4, a);
      for (const s of sentences) assert.match(s, /^[A-Z][^.]*[a-z,]+[^.]*\.$/, `not a sentence: ${s}`);
      assert.equal(new Set(sentences).size, sentences.length, `a sentence repeats: ${a}`);
      const words = a.split(' ').length;
      assert.ok(words >= 25 && words <= 80, `${words} words: ${a}`);
    }
    assert.ok(texts.size >= 5, 'seeds give different answers');
  });
});
