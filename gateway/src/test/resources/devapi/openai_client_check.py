"""The developer API checked with the official OpenAI Python client (run by DeveloperApiClientsTest).

Arguments: base URL (…/v1), API key, model (the app id), the pinned client version.
Prints "ok <check>" per check; any failed check raises (non-zero exit).
"""
import sys

try:
    import openai
except ImportError:
    sys.exit("the OpenAI Python client is not installed: pip install openai==" + sys.argv[4])

base_url, api_key, model, version = sys.argv[1:5]
assert openai.__version__ == version, "expected openai " + version + ", found " + openai.__version__
client = openai.OpenAI(base_url=base_url, api_key=api_key, max_retries=0, timeout=30)

history = [
    {"role": "system", "content": "Be brief."},
    {"role": "user", "content": "my name is Ada"},
    {"role": "assistant", "content": "Hello Ada"},
    {"role": "user", "content": "what is my name?"},
]
expected = "echo: what is my name? (4 messages)"

plain = client.chat.completions.create(model=model, messages=history)
assert plain.choices[0].message.content == expected, plain
assert plain.choices[0].finish_reason == "stop", plain
print("ok stateless plain")

stream = client.chat.completions.create(
    model=model, messages=history, stream=True, stream_options={"include_usage": True})
text = ""
usage = None
for chunk in stream:
    if chunk.choices:
        text += chunk.choices[0].delta.content or ""
    if chunk.usage:
        usage = chunk.usage
assert text == expected, text
assert usage is not None and usage.total_tokens > 0, usage
print("ok stateless streamed")

client.chat.completions.create(
    model=model, messages=[{"role": "user", "content": "hi"}], temperature=0.6, top_p=0.9,
    max_tokens=64, stop=["A", "B"], seed=11, presence_penalty=0.5, frequency_penalty=0.5, user="py-user")
print("ok parameters")


def bad_request(expected_param, **kwargs):
    try:
        client.chat.completions.create(model=model, **kwargs)
    except openai.BadRequestError as e:
        assert e.status_code == 400, e
        body = e.body or {}
        assert body.get("param") == expected_param, (expected_param, body)
        return body.get("message", "")
    raise AssertionError("expected a 400 for " + expected_param)


bad_request("n", messages=history, n=2)
bad_request("logprobs", messages=history, logprobs=True)
bad_request("audio", messages=history, audio={"voice": "alloy", "format": "mp3"})
bad_request("messages[0].content", messages=[{"role": "user", "content": "\u0011"}])
reason = bad_request("messages", messages=history)  # the model refuses this one
assert "Blocked by the content filter." in reason, reason
print("ok errors")

tools = [{"type": "function", "function": {
    "name": "get_weather", "description": "Weather in a city",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}]
question = {"role": "user", "content": "weather in Oslo?"}

first = client.chat.completions.create(model=model, messages=[question], tools=tools)
call = first.choices[0].message.tool_calls[0]
assert first.choices[0].finish_reason == "tool_calls", first
assert call.function.name == "get_weather" and call.function.arguments == '{"city":"Oslo"}', call
answer = client.chat.completions.create(model=model, tools=tools, messages=[
    question,
    {"role": "assistant", "content": None, "tool_calls": [call.model_dump()]},
    {"role": "tool", "tool_call_id": call.id, "content": "sunny"},
])
assert answer.choices[0].message.content == "Sunny in Oslo.", answer
print("ok tools plain")

calls = {}
finish = None
for chunk in client.chat.completions.create(model=model, messages=[question], tools=tools, stream=True):
    if not chunk.choices:
        continue
    choice = chunk.choices[0]
    for delta in choice.delta.tool_calls or []:
        entry = calls.setdefault(delta.index, {"id": None, "name": "", "arguments": ""})
        entry["id"] = delta.id or entry["id"]
        entry["name"] += (delta.function.name or "") if delta.function else ""
        entry["arguments"] += (delta.function.arguments or "") if delta.function else ""
    finish = choice.finish_reason or finish
assert finish == "tool_calls", finish
streamed_call = calls[0]
assert streamed_call["id"] == "call_py2" and streamed_call["name"] == "get_weather", calls
answer = client.chat.completions.create(model=model, tools=tools, stream=True, messages=[
    question,
    {"role": "assistant", "content": None, "tool_calls": [{"id": streamed_call["id"], "type": "function",
        "function": {"name": streamed_call["name"], "arguments": streamed_call["arguments"]}}]},
    {"role": "tool", "tool_call_id": streamed_call["id"], "content": "sunny"},
])
assert "".join(c.choices[0].delta.content or "" for c in answer if c.choices) == "Sunny in Oslo."
print("ok tools streamed")

embedded = client.embeddings.create(model=model, input=["hello", "你好"])  # the client asks for base64
assert len(embedded.data) == 2 and len(embedded.data[0].embedding) == 512, embedded
assert abs(sum(v * v for v in embedded.data[1].embedding) - 1.0) < 1e-3
floats = client.embeddings.create(model="all-minilm-l6-v2", input="hello", encoding_format="float")
assert len(floats.data[0].embedding) == 384, floats
try:
    client.embeddings.create(model="no-such-model", input="hello")
    raise AssertionError("expected a 404")
except openai.NotFoundError:
    pass
print("ok embeddings")
