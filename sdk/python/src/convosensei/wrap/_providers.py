"""Provider formats, read duck-typed (objects with attributes, as the openai / anthropic packages return them, or
plain dicts): request → Sensei messages, and replies (whole or streamed) → one assistant message.
OpenAI Chat Completions and Responses, Anthropic Messages."""
from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Tuple

from ._record import Reply

Msgs = List[Tuple[str, str]]


def g(obj: Any, name: str, default: Any = None) -> Any:
    """obj.name or obj[name]."""
    if obj is None:
        return default
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _str(v: Any) -> str:
    if isinstance(v, str):
        return v
    if v is None:
        return ""
    try:
        return json.dumps(v, default=str)
    except (TypeError, ValueError):
        return str(v)


def _int(v: Any) -> Optional[int]:
    return v if isinstance(v, int) and not isinstance(v, bool) else None


def tool_call_text(name: Any, args: Any) -> str:
    return f"[tool call] {_str(name)}({args if isinstance(args, str) else _str(args if args is not None else {})})"


# ---- OpenAI Chat Completions ----

def _openai_role(role: Any) -> str:
    if role in ("system", "developer"):
        return "system"
    if role == "assistant":
        return "assistant"
    if role in ("tool", "function"):
        return "tool"
    return "user"


def _openai_parts(content: Any) -> str:
    if isinstance(content, str):
        return content
    if not isinstance(content, (list, tuple)):
        return ""
    out = []
    for p in content:
        t = g(p, "type")
        if t in ("text", "input_text", "output_text"):
            out.append(_str(g(p, "text")))
        elif t == "refusal":
            out.append(_str(g(p, "refusal")))
        elif t in ("image_url", "input_image"):
            out.append("[image]")
        elif t == "input_audio":
            out.append("[audio]")
        elif t in ("file", "input_file"):
            out.append("[file]")
        elif isinstance(p, str):
            out.append(p)
    return "\n".join(x for x in out if x)


def openai_message(m: Any) -> Tuple[str, str]:
    parts = []
    text = _openai_parts(g(m, "content"))
    if text:
        parts.append(text)
    elif isinstance(g(m, "refusal"), str):
        parts.append(g(m, "refusal"))
    for c in g(m, "tool_calls") or ():
        fn = g(c, "function")
        parts.append(tool_call_text(g(fn, "name"), g(fn, "arguments")))
    fc = g(m, "function_call")
    if fc is not None:
        parts.append(tool_call_text(g(fc, "name"), g(fc, "arguments")))
    return _openai_role(g(m, "role")), "\n".join(parts)


def openai_chat_input(params: Dict[str, Any]) -> Msgs:
    return [openai_message(m) for m in params.get("messages") or ()]


def openai_chat_reply(completion: Any) -> Optional[Reply]:
    choices = g(completion, "choices")
    if not isinstance(choices, (list, tuple)):
        return None
    choice = choices[0] if choices else None
    usage = g(completion, "usage")
    return Reply(content=openai_message(g(choice, "message") or {})[1] if choice is not None else "",
                 model=g(completion, "model"), id=g(completion, "id"),
                 prompt_tokens=_int(g(usage, "prompt_tokens")), completion_tokens=_int(g(usage, "completion_tokens")),
                 finish_reason=g(choice, "finish_reason"))


class OpenAIChatAssembler:
    """Assembles ``chat.completion.chunk``s (choice 0) into the reply they add up to."""

    def __init__(self) -> None:
        self.content: List[str] = []
        self.refusal: List[str] = []
        self.tools: Dict[int, List[str]] = {}
        self.model = self.id = self.finish = None
        self.prompt: Optional[int] = None
        self.completion: Optional[int] = None

    def add(self, chunk: Any) -> None:
        self.model = self.model or g(chunk, "model")
        self.id = self.id or g(chunk, "id")
        usage = g(chunk, "usage")
        if usage is not None:
            self.prompt = _int(g(usage, "prompt_tokens")) or self.prompt
            self.completion = _int(g(usage, "completion_tokens")) or self.completion
        for choice in g(chunk, "choices") or ():
            if (g(choice, "index") or 0) != 0:
                continue
            d = g(choice, "delta")
            if isinstance(g(d, "content"), str):
                self.content.append(g(d, "content"))
            if isinstance(g(d, "refusal"), str):
                self.refusal.append(g(d, "refusal"))
            for t in g(d, "tool_calls") or ():
                slot = self.tools.setdefault(g(t, "index") or 0, ["", ""])
                fn = g(t, "function")
                slot[0] += g(fn, "name") or ""
                slot[1] += g(fn, "arguments") or ""
            if g(choice, "finish_reason"):
                self.finish = g(choice, "finish_reason")

    def reply(self) -> Reply:
        parts = ["".join(self.content) or "".join(self.refusal)]
        parts += [tool_call_text(n, a) for _, (n, a) in sorted(self.tools.items())]
        return Reply("\n".join(p for p in parts if p), self.model, self.id, self.prompt, self.completion, self.finish)


# ---- OpenAI Responses ----

def openai_responses_input(params: Dict[str, Any]) -> Msgs:
    out: Msgs = []
    instructions = params.get("instructions")
    if isinstance(instructions, str) and instructions:
        out.append(("system", instructions))
    items = params.get("input")
    if isinstance(items, str):
        out.append(("user", items))
        return out
    for item in items or ():
        t = g(item, "type")
        if t == "function_call":
            out.append(("assistant", tool_call_text(g(item, "name"), g(item, "arguments"))))
        elif t == "function_call_output":
            out.append(("tool", f"[tool result] {_str(g(item, 'output'))}"))
        elif t in (None, "message") and g(item, "role") is not None:
            out.append((_openai_role(g(item, "role")), _openai_parts(g(item, "content"))))
    return out


def openai_responses_reply(response: Any) -> Optional[Reply]:
    output = g(response, "output")
    if not isinstance(output, (list, tuple)):
        return None
    parts = []
    for item in output:
        t = g(item, "type")
        if t == "message":
            parts.append(_openai_parts(g(item, "content")))
        elif t == "function_call":
            parts.append(tool_call_text(g(item, "name"), g(item, "arguments")))
    usage = g(response, "usage")
    status = g(response, "status")
    reason = g(g(response, "incomplete_details"), "reason")
    return Reply("\n".join(p for p in parts if p), g(response, "model"), g(response, "id"),
                 _int(g(usage, "input_tokens")), _int(g(usage, "output_tokens")),
                 reason or (status if status and status != "completed" else None) or ("stop" if status else None))


class OpenAIResponsesAssembler:
    """Responses API stream events: text deltas, and the final response of ``response.completed`` when sent."""

    def __init__(self) -> None:
        self.text: List[str] = []
        self.final: Any = None
        self.model = self.id = None

    def add(self, event: Any) -> None:
        t = g(event, "type")
        if t == "response.output_text.delta":
            self.text.append(_str(g(event, "delta")))
        elif t in ("response.completed", "response.incomplete", "response.failed"):
            self.final = g(event, "response")
        elif t in ("response.created", "response.in_progress"):
            r = g(event, "response")
            self.model, self.id = g(r, "model") or self.model, g(r, "id") or self.id

    def reply(self) -> Reply:
        final = openai_responses_reply(self.final) if self.final is not None else None
        if final is not None and final.content:
            return final
        return Reply("".join(self.text), self.model, self.id)


# ---- Anthropic Messages ----

def _anthropic_blocks(content: Any) -> Tuple[str, bool]:
    """(text, every block is a tool_result)."""
    if isinstance(content, str):
        return content, False
    if not isinstance(content, (list, tuple)):
        return "", False
    out = []
    results = 0
    for b in content:
        t = g(b, "type")
        if t == "text":
            out.append(_str(g(b, "text")))
        elif t == "image":
            out.append("[image]")
        elif t == "document":
            out.append("[document]")
        elif t in ("tool_use", "server_tool_use"):
            out.append(tool_call_text(g(b, "name"), g(b, "input")))
        elif t == "tool_result":
            results += 1
            c = g(b, "content")
            out.append("[tool result] " + (c if isinstance(c, str) else _anthropic_blocks(c)[0]))
    return "\n".join(x for x in out if x), results > 0 and results == len(content)


def anthropic_input(params: Dict[str, Any]) -> Msgs:
    out: Msgs = []
    system = params.get("system")
    text = system if isinstance(system, str) else _anthropic_blocks(system)[0]
    if text:
        out.append(("system", text))
    for m in params.get("messages") or ():
        body, tool_results = _anthropic_blocks(g(m, "content"))
        out.append(("assistant" if g(m, "role") == "assistant" else "tool" if tool_results else "user", body))
    return out


def anthropic_reply(message: Any) -> Optional[Reply]:
    content = g(message, "content")
    if not isinstance(content, (list, tuple)):
        return None
    usage = g(message, "usage")
    return Reply(_anthropic_blocks(content)[0], g(message, "model"), g(message, "id"),
                 _int(g(usage, "input_tokens")), _int(g(usage, "output_tokens")), g(message, "stop_reason"))


class AnthropicAssembler:
    """Messages API stream events into the reply they add up to."""

    def __init__(self) -> None:
        self.blocks: Dict[int, List[Any]] = {}  # index → [type, text, name]
        self.model = self.id = self.stop = None
        self.input: Optional[int] = None
        self.output: Optional[int] = None

    def add(self, ev: Any) -> None:
        t = g(ev, "type")
        if t == "message_start":
            m = g(ev, "message")
            self.model, self.id = g(m, "model"), g(m, "id")
            self.input, self.output = _int(g(g(m, "usage"), "input_tokens")), _int(g(g(m, "usage"), "output_tokens"))
        elif t == "content_block_start":
            b = g(ev, "content_block")
            bt = g(b, "type")
            inp = g(b, "input")
            text = _str(g(b, "text")) if bt == "text" else (_str(inp) if bt == "tool_use" and inp else "")
            self.blocks[g(ev, "index") or 0] = [bt, text, g(b, "name")]
        elif t == "content_block_delta":
            blk = self.blocks.setdefault(g(ev, "index") or 0, ["text", "", None])
            d = g(ev, "delta")
            if g(d, "type") == "text_delta":
                blk[1] += _str(g(d, "text"))
            elif g(d, "type") == "input_json_delta":
                blk[1] += _str(g(d, "partial_json"))
        elif t == "message_delta":
            if g(g(ev, "delta"), "stop_reason"):
                self.stop = g(g(ev, "delta"), "stop_reason")
            usage = g(ev, "usage")
            if _int(g(usage, "output_tokens")) is not None:
                self.output = g(usage, "output_tokens")
            if _int(g(usage, "input_tokens")) is not None:
                self.input = g(usage, "input_tokens")

    def reply(self) -> Reply:
        parts = []
        for _, (bt, text, name) in sorted(self.blocks.items()):
            if bt == "text":
                parts.append(text)
            elif bt in ("tool_use", "server_tool_use"):
                parts.append(tool_call_text(name, text or "{}"))
        return Reply("\n".join(p for p in parts if p), self.model, self.id, self.input, self.output, self.stop)
