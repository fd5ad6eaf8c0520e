/**
 * A core `Card` as HTML, faithful to what Feishu shows: the header in the card's colour, markdown,
 * fields in two columns, notes, dividers, buttons, forms (text, textarea, date, select) and charts.
 * Interactive cards (the sandbox) carry each button's value as JSON for the page script; read-only
 * cards (the dashboard) leave buttons and forms out.
 */
import { raw } from 'hono/html';
import type { Block, Button, Card, FormInput } from '../../core/messages';
import { chartSvg } from './chart';
import { Markdown } from './markdown';

export interface CardOptions {
  /** Render buttons and forms (sandbox); false: show the card's content only. */
  interactive: boolean;
  /** Prefix for input ids, unique per message on the page. */
  idPrefix?: string;
}

const buttonValue = (b: Button) => JSON.stringify({ action: b.action, ...(b.payload ?? {}) });

function ButtonView({ button, submit }: { button: Button; submit?: boolean }) {
  return (
    <button
      type={submit ? 'submit' : 'button'}
      class={`btn ${button.style ?? 'default'}`}
      data-value={submit ? undefined : buttonValue(button)}
      title={button.command}
    >
      {button.label}
    </button>
  );
}

function Control({ input, id }: { input: FormInput; id: string }) {
  const common = { id, name: input.name, required: input.required ? true : undefined, placeholder: input.placeholder };
  switch (input.kind) {
    case 'textarea':
      return (
        <textarea {...common} rows={3}>
          {input.initial ?? ''}
        </textarea>
      );
    case 'date':
      return <input {...common} type="date" value={input.initial} />;
    case 'select':
      return (
        <select {...common} multiple={input.multiple ? true : undefined} size={input.multiple ? Math.min(6, input.options?.length ?? 1) : undefined}>
          {input.initial || input.multiple ? null : <option value="">请选择</option>}
          {(input.options ?? []).map((o) => (
            <option value={o.value} selected={o.value === input.initial ? true : undefined}>
              {o.label}
            </option>
          ))}
        </select>
      );
    case 'text':
      return <input {...common} type="text" value={input.initial} autocomplete="off" />;
  }
}

function BlockView({ block, options, index }: { block: Block; options: CardOptions; index: number }) {
  switch (block.type) {
    case 'markdown':
      return <Markdown text={block.text} />;
    case 'note':
      return <Markdown text={block.text} class="md note" />;
    case 'divider':
      return <hr />;
    case 'fields':
      return (
        <dl class="fields">
          {block.fields.map((f) => (
            <div class="field">
              <dt>{f.label}</dt>
              <dd>{f.value}</dd>
            </div>
          ))}
        </dl>
      );
    case 'chart':
      return raw(chartSvg(block));
    case 'buttons':
      return options.interactive ? (
        <div class="buttons">
          {block.buttons.map((b) => (
            <ButtonView button={b} />
          ))}
        </div>
      ) : null;
    case 'form': {
      if (!options.interactive) return null;
      const prefix = `${options.idPrefix ?? 'card'}-${index}-${block.name}`;
      return (
        <form class="card-form" data-form={block.name} data-value={buttonValue(block.submit)} novalidate>
          {block.inputs.map((input) => (
            <label class="input" for={`${prefix}-${input.name}`}>
              <span>
                {input.label}
                {input.required ? (
                  <em class="req" title="必填">
                    *
                  </em>
                ) : null}
              </span>
              <Control input={input} id={`${prefix}-${input.name}`} />
            </label>
          ))}
          <div class="buttons">
            <ButtonView button={{ ...block.submit, style: block.submit.style ?? 'primary' }} submit />
          </div>
        </form>
      );
    }
  }
}

export function CardView({ card, options }: { card: Card; options: CardOptions }) {
  return (
    <article class={`card c-${card.colour}`}>
      <header class="card-h">{card.title}</header>
      <div class="card-b">
        {card.blocks.map((block, index) => (
          <BlockView block={block} options={options} index={index} />
        ))}
      </div>
    </article>
  );
}

/** The card as an HTML string. */
export function cardHtml(card: Card, options: CardOptions): string {
  return String(<CardView card={card} options={options} />);
}
