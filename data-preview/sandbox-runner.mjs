import { pathToFileURL } from 'node:url';
import { format } from 'node:util';
for (const level of ['log', 'info', 'debug']) console[level] = (...args) => process.stderr.write(format(...args) + '\n');
const deadline = Date.now() + Number(process.argv[3]);
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const event = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const { handler } = await import(pathToFileURL(process.argv[2]).href);
const context = {
  functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
  functionVersion: '$LATEST',
  memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
  awsRequestId: event.requestContext.requestId,
  getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
};
const result = await handler(event, context);
process.stdout.write('\n@@result@@' + JSON.stringify(result ?? null), () => process.exit(0));