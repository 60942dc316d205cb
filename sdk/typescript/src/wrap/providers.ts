/**
 * Provider formats: request messages → Sensei messages, and replies (whole or streamed) → one assistant message.
 * OpenAI Chat Completions and Anthropic Messages; used by the client wrappers and by wrap(fetch).
 */
import type { Role } from '../types.js';
import type { ChatMessage, Reply } from './record.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function str(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v);
}

function toolCallText(name: unknown, args: unknown): string {
  return `[tool call] ${str(name)}(${typeof args === 'string' ? args : JSON.stringify(args ?? {})})`;
}

// ---- OpenAI ----

function openaiRole(role: unknown): Role {
  switch (role) {
    case 'system':
    case 'developer':
      return 'system';
    case 'assistant':
      return 'assistant';
    case 'tool':
    case 'function':
      return 'tool';
    default:
      return 'user';
  }
}

function openaiContent(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((p: Any) => {
      if (!p || typeof p !== 'object') return str(p);
      if (p.type === 'text' || p.type === 'input_text' || p.type === 'output_text') return str(p.text);
      if (p.type === 'refusal') return str(p.refusal);
      if (p.type === 'image_url' || p.type === 'input_image') return '[image]';
      if (p.type === 'input_audio') return '[audio]';
      if (p.type === 'file') return '[file]';
      return '';
    })
    .filter(Boolean)
    .join('\n');
}

export function openaiMessage(m: Any): ChatMessage {
  const parts: string[] = [];
  const text = openaiContent(m?.content);
  if (text) parts.push(text);
  else if (typeof m?.refusal === 'string') parts.push(m.refusal);
  if (Array.isArray(m?.tool_calls)) {
    for (const c of m.tool_calls)
      parts.push(toolCallText(c?.function?.name ?? c?.custom?.name, c?.function?.arguments ?? c?.custom?.input));
  }
  if (m?.function_call) parts.push(toolCallText(m.function_call.name, m.function_call.arguments));
  return { role: openaiRole(m?.role), content: parts.join('\n') };
}

export function openaiInput(params: Any): ChatMessage[] {
  return Array.isArray(params?.messages) ? params.messages.map(openaiMessage) : [];
}

export function openaiReply(completion: Any): Reply | undefined {
  if (!completion || typeof completion !== 'object' || !Array.isArray(completion.choices)) return undefined;
  const choice = completion.choices[0];
  return {
    content: choice ? openaiMessage(choice.message ?? {}).content : '',
    model: completion.model,
    id: completion.id,
    promptTokens: completion.usage?.prompt_tokens,
    completionTokens: completion.usage?.completion_tokens,
    finishReason: choice?.finish_reason ?? undefined,
  };
}

/** Assembles `chat.completion.chunk`s (choice 0) into the reply they add up to. */
export class OpenAIStreamAssembler {
  private content = '';
  private refusal = '';
  private tools: { name: string; args: string }[] = [];
  private model?: string;
  private id?: string;
  private finish?: string;
  private prompt?: number;
  private completion?: number;
  chunks = 0;

  add(chunk: Any): void {
    if (!chunk || typeof chunk !== 'object') return;
    this.chunks++;
    this.model ??= chunk.model;
    this.id ??= chunk.id;
    if (chunk.usage) {
      this.prompt = chunk.usage.prompt_tokens ?? this.prompt;
      this.completion = chunk.usage.completion_tokens ?? this.completion;
    }
    const choice = Array.isArray(chunk.choices) ? chunk.choices.find((c: Any) => (c?.index ?? 0) === 0) : undefined;
    if (!choice) return;
    const d = choice.delta ?? {};
    if (typeof d.content === 'string') this.content += d.content;
    if (typeof d.refusal === 'string') this.refusal += d.refusal;
    if (Array.isArray(d.tool_calls)) {
      for (const t of d.tool_calls) {
        const i = t?.index ?? 0;
        this.tools[i] ??= { name: '', args: '' };
        if (t?.function?.name) this.tools[i].name += t.function.name;
        if (t?.function?.arguments) this.tools[i].args += t.function.arguments;
      }
    }
    if (choice.finish_reason) this.finish = choice.finish_reason;
  }

  reply(): Reply {
    const parts = [
      this.content || this.refusal,
      ...this.tools.filter(Boolean).map((t) => toolCallText(t.name, t.args)),
    ];
    return {
      content: parts.filter(Boolean).join('\n'),
      model: this.model,
      id: this.id,
      finishReason: this.finish,
      promptTokens: this.prompt,
      completionTokens: this.completion,
    };
  }
}

// ---- Anthropic ----

function anthropicBlocks(content: unknown): { text: string; allToolResults: boolean } {
  if (typeof content === 'string') return { text: content, allToolResults: false };
  if (!Array.isArray(content)) return { text: '', allToolResults: false };
  let toolResults = 0;
  const text = content
    .map((b: Any) => {
      if (!b || typeof b !== 'object') return '';
      switch (b.type) {
        case 'text':
          return str(b.text);
        case 'image':
          return '[image]';
        case 'document':
          return '[document]';
        case 'tool_use':
        case 'server_tool_use':
          return toolCallText(b.name, b.input);
        case 'tool_result':
          toolResults++;
          return `[tool result] ${typeof b.content === 'string' ? b.content : anthropicBlocks(b.content).text}`;
        default:
          return ''; // thinking, redacted_thinking, ...
      }
    })
    .filter(Boolean)
    .join('\n');
  return { text, allToolResults: toolResults > 0 && toolResults === content.length };
}

export function anthropicInput(params: Any): ChatMessage[] {
  const out: ChatMessage[] = [];
  const system = params?.system;
  const systemText = typeof system === 'string' ? system : anthropicBlocks(system).text;
  if (systemText) out.push({ role: 'system', content: systemText });
  if (Array.isArray(params?.messages)) {
    for (const m of params.messages) {
      const { text, allToolResults } = anthropicBlocks(m?.content);
      out.push({ role: m?.role === 'assistant' ? 'assistant' : allToolResults ? 'tool' : 'user', content: text });
    }
  }
  return out;
}

export function anthropicReply(message: Any): Reply | undefined {
  if (!message || typeof message !== 'object' || !Array.isArray(message.content)) return undefined;
  return {
    content: anthropicBlocks(message.content).text,
    model: message.model,
    id: message.id,
    promptTokens: message.usage?.input_tokens,
    completionTokens: message.usage?.output_tokens,
    finishReason: message.stop_reason ?? undefined,
  };
}

/** Assembles Messages API stream events into the reply they add up to. */
export class AnthropicStreamAssembler {
  private blocks: { type: string; text: string; name?: string }[] = [];
  private model?: string;
  private id?: string;
  private stop?: string;
  private input?: number;
  private output?: number;
  chunks = 0;

  add(ev: Any): void {
    if (!ev || typeof ev !== 'object') return;
    this.chunks++;
    switch (ev.type) {
      case 'message_start':
        this.model = ev.message?.model;
        this.id = ev.message?.id;
        this.input = ev.message?.usage?.input_tokens;
        this.output = ev.message?.usage?.output_tokens;
        break;
      case 'content_block_start': {
        const b = ev.content_block ?? {};
        this.blocks[ev.index ?? this.blocks.length] = {
          type: b.type,
          name: b.name,
          text:
            b.type === 'text'
              ? str(b.text)
              : b.type === 'tool_use' && b.input && Object.keys(b.input).length
                ? JSON.stringify(b.input)
                : '',
        };
        break;
      }
      case 'content_block_delta': {
        const blk = (this.blocks[ev.index ?? 0] ??= { type: 'text', text: '' });
        if (ev.delta?.type === 'text_delta') blk.text += str(ev.delta.text);
        else if (ev.delta?.type === 'input_json_delta') blk.text += str(ev.delta.partial_json);
        break;
      }
      case 'message_delta':
        if (ev.delta?.stop_reason) this.stop = ev.delta.stop_reason;
        if (ev.usage?.output_tokens !== undefined) this.output = ev.usage.output_tokens;
        if (ev.usage?.input_tokens != null) this.input = ev.usage.input_tokens;
        break;
      default:
    }
  }

  reply(): Reply {
    const content = this.blocks
      .filter(Boolean)
      .map((b) =>
        b.type === 'text'
          ? b.text
          : b.type === 'tool_use' || b.type === 'server_tool_use'
            ? toolCallText(b.name, b.text || '{}')
            : '',
      )
      .filter(Boolean)
      .join('\n');
    return {
      content,
      model: this.model,
      id: this.id,
      finishReason: this.stop,
      promptTokens: this.input,
      completionTokens: this.output,
    };
  }
}
