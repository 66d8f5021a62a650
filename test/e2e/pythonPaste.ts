/** The seed's Python snippet, and a paste of text on the canvas as Ctrl+V fires it (e2e and screenshots). */
import type { Page } from 'playwright-core';

export const SEED = `from keras.layers import Input, Conv2D, Add
x = Input(shape=(64, 64, 32))
y = Conv2D(32, 3, padding='same')(x)
z = Add()([x, y])
`;

/** A paste event on the canvas carrying this text (the handler reads the event's clipboardData). */
export async function pasteOnCanvas(page: Page, text: string): Promise<void> {
  await page.locator('.react-flow__pane').evaluate((pane, t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    pane.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}
