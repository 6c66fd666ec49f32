// The official OpenAI and Anthropic SDKs used as an application uses them, with the base URL
// pointed at switchboard-gateway. Prints one JSON line per check and exits non-zero when any
// failed. Environment: GATEWAY_URL (http://127.0.0.1:PORT), GATEWAY_KEY (a working key),
// GATEWAY_LIMITED_KEY (a key allowed one request a minute).
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';

const url = process.env.GATEWAY_URL;
const key = process.env.GATEWAY_KEY;
const limitedKey = process.env.GATEWAY_LIMITED_KEY;
const only = process.argv[2]; // run the checks whose name starts with this

const openai = (apiKey = key) => new OpenAI({ apiKey, baseURL: `${url}/v1`, maxRetries: 0, timeout: 20000 });
const anthropic = (apiKey = key) => new Anthropic({ apiKey, baseURL: url, maxRetries: 0, timeout: 20000 });
const messages = [{ role: 'user', content: 'Say hello.' }];

function expect(condition, what) {
    if (!condition)
        throw new Error(what);
}

async function expectError(call, errorClass, status) {
    try {
        await call();
    } catch (error) {
        expect(error instanceof errorClass, `expected ${errorClass.name}, got ${error?.constructor?.name}: ${error?.message}`);
        expect(error.status === status, `expected status ${status}, got ${error.status}`);
        return error;
    }
    throw new Error(`expected ${errorClass.name}, but the call succeeded`);
}

const checks = {
    'openai plain': async () => {
        const completion = await openai().chat.completions.create({ model: 'chat-fast', messages });
        expect(completion.choices[0].message.content.length > 0, 'empty answer');
        expect(completion.usage.total_tokens > 0, 'no usage');
    },
    'openai stream': async () => {
        const stream = await openai().chat.completions.create({
            model: 'chat-fast', messages, stream: true, stream_options: { include_usage: true } });
        let text = '';
        let usage = null;
        let chunks = 0;
        for await (const chunk of stream) {
            ++chunks;
            text += chunk.choices[0]?.delta?.content ?? '';
            usage = chunk.usage ?? usage;
        }
        expect(chunks > 2 && text.length > 0, `stream gave ${chunks} chunks, text "${text}"`);
        expect(usage && usage.completion_tokens > 0, 'no usage at the end of the stream');
    },
    'openai stream helper': async () => {
        const runner = openai().chat.completions.stream({ model: 'chat-fast', messages });
        const final = await runner.finalChatCompletion();
        expect(final.choices[0].message.content.length > 0, 'empty final completion');
    },
    'openai unknown model': async () => {
        await expectError(() => openai().chat.completions.create({ model: 'no-such-alias', messages }), OpenAI.NotFoundError, 404);
    },
    'openai bad key': async () => {
        await expectError(() => openai('sbk-wrong').chat.completions.create({ model: 'chat-fast', messages }),
            OpenAI.AuthenticationError, 401);
    },
    'openai bad request': async () => {
        await expectError(() => openai().chat.completions.create({ model: 'chat-fast', messages: [] }), OpenAI.BadRequestError, 400);
    },
    'openai rate limit': async () => {
        const client = openai(limitedKey);
        await client.chat.completions.create({ model: 'chat-fast', messages });
        const error = await expectError(() => client.chat.completions.create({ model: 'chat-fast', messages }),
            OpenAI.RateLimitError, 429);
        expect(Number(error.headers.get('retry-after')) >= 1, 'no Retry-After');
    },
    'openai models': async () => {
        const ids = [];
        for await (const model of openai().models.list())
            ids.push(model.id);
        expect(ids.includes('chat-fast') && ids.includes('chat-smart'), `models: ${ids}`);
    },
    'anthropic plain': async () => {
        const message = await anthropic().messages.create({ model: 'chat-fast', max_tokens: 200, messages });
        expect(message.content[0].type === 'text' && message.content[0].text.length > 0, 'empty answer');
        expect(message.usage.output_tokens > 0, 'no usage');
    },
    'anthropic stream': async () => {
        const stream = anthropic().messages.stream({ model: 'chat-fast', max_tokens: 200, messages });
        let text = '';
        stream.on('text', (delta) => { text += delta; });
        const final = await stream.finalMessage();
        expect(text.length > 0 && final.content[0].text === text, `streamed "${text}", final "${final.content[0]?.text}"`);
        expect(final.usage.output_tokens > 0, 'no usage');
    },
    'anthropic raw stream': async () => {
        const stream = await anthropic().messages.create({ model: 'chat-fast', max_tokens: 200, messages, stream: true });
        const types = [];
        for await (const event of stream)
            types.push(event.type);
        expect(types[0] === 'message_start' && types.at(-1) === 'message_stop', `events: ${types}`);
    },
    'anthropic bad key': async () => {
        await expectError(() => anthropic('sbk-wrong').messages.create({ model: 'chat-fast', max_tokens: 10, messages }),
            Anthropic.AuthenticationError, 401);
    },
    'anthropic unknown model': async () => {
        await expectError(() => anthropic().messages.create({ model: 'no-such-alias', max_tokens: 10, messages }),
            Anthropic.NotFoundError, 404);
    },
    'anthropic rate limit': async () => {
        await expectError(() => anthropic(limitedKey).messages.create({ model: 'chat-fast', max_tokens: 10, messages }),
            Anthropic.RateLimitError, 429);
    },
};

let failed = 0;
for (const [name, check] of Object.entries(checks)) {
    if (only && !name.startsWith(only))
        continue;
    try {
        await check();
        console.log(JSON.stringify({ check: name, ok: true }));
    } catch (error) {
        ++failed;
        console.log(JSON.stringify({ check: name, ok: false, error: String(error?.stack ?? error) }));
    }
}
process.exit(failed ? 1 : 0);
