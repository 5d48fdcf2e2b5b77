import { describe, expect, it } from 'vitest';
import { ApiError, fieldOf, namePath } from './errors';

describe('fieldOf', () => {
  it.each([
    ["unknown field 'moderation'", 'moderation'],
    ["unknown field 'memory.window'", 'memory.window'],
    ["field 'model.temperature' must be a number", 'model.temperature'],
    ["invalid value of field 'qaPairs[3].answer'", 'qaPairs[3].answer'],
    ['name must not be blank', 'name'],
    ['suggestedQuestions may hold at most 3 questions', 'suggestedQuestions'],
    ['memory.lastMessages must be between 0 and 200', 'memory.lastMessages'],
    ['lastMessages must be between 0 and 200 (at memory)', 'memory.lastMessages'],
    ['temperature must be between 0 and 2 (at model)', 'model.temperature'],
    ['model.modelName must not be blank (at model)', 'model.modelName'],
    ['provider unknown does not exist (at model)', 'model'],
  ])('finds the field in %j', (message, field) => {
    expect(fieldOf(message)).toBe(field);
  });

  it('returns null when the message names no field', () => {
    expect(fieldOf('request body is not valid JSON')).toBeNull();
    expect(fieldOf("app 'x' does not exist")).toBeNull();
  });
});

describe('namePath', () => {
  it('turns dotted paths with indexes into antd name paths', () => {
    expect(namePath('qaPairs[2].answer')).toEqual(['qaPairs', 2, 'answer']);
    expect(namePath('memory.lastMessages')).toEqual(['memory', 'lastMessages']);
    expect(namePath('name')).toEqual(['name']);
  });
});

describe('ApiError.fromBody', () => {
  it('reads the admin error shape and the workflow problems', () => {
    const error = ApiError.fromBody(422, {
      error: { code: 'invalid_workflow', message: 'the graph cannot run', errors: [{ node: 'llm1', field: 'model', message: 'model is required' }] },
    });
    expect(error.status).toBe(422);
    expect(error.code).toBe('invalid_workflow');
    expect(error.problems).toHaveLength(1);
  });

  it('falls back to the status when the body is not the admin shape', () => {
    expect(ApiError.fromBody(502, 'Bad gateway').message).toBe('HTTP 502');
  });
});
