package erofsbrowser.app.hex;

import java.util.OptionalLong;
import javafx.scene.canvas.Canvas;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;

/**
 * What the pointer, the wheel and the keys do to a {@link HexView}: hover names a byte, a press
 * puts the caret there (shift or a drag extends the selection from the anchor), a still click
 * reports the byte, the wheel scrolls by the desktop's lines per notch (a touchpad's pixels add
 * up), and the navigation keys move the caret as {@link CaretNavigation} says, paging the view
 * with it. Ctrl+C copies the selection as hex.
 */
final class HexInput {
    private final HexView view;
    /** Last pointer position over the canvas (NaN when outside): the hovered byte changes on scroll too. */
    private double pointerX = Double.NaN;
    private double pointerY = Double.NaN;
    /** Touchpad scrolling in pixels not yet worth a whole row. */
    private double wheelRemainder;

    HexInput(HexView view, Canvas canvas) {
        this.view = view;
        canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, this::mousePressed);
        canvas.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::mouseDragged);
        canvas.addEventHandler(MouseEvent.MOUSE_CLICKED, this::mouseClicked);
        canvas.addEventHandler(MouseEvent.MOUSE_MOVED, e -> pointerAt(e.getX(), e.getY()));
        canvas.addEventHandler(MouseEvent.MOUSE_EXITED, e -> pointerAt(Double.NaN, Double.NaN));
        view.addEventHandler(ScrollEvent.SCROLL, this::scrolled);
        view.addEventHandler(KeyEvent.KEY_PRESSED, this::keyPressed);
    }

    /** The byte under the pointer now (the content may have moved under a still pointer), or -1. */
    long hovered() {
        return Double.isNaN(pointerX) ? -1 : view.offsetAt(pointerX, pointerY, false);
    }

    private void pointerAt(double x, double y) {
        pointerX = x;
        pointerY = y;
        view.updateHovered();
    }

    private void mousePressed(MouseEvent e) {
        view.requestFocus();
        if (e.getButton() != MouseButton.PRIMARY) {
            return;
        }
        long offset = view.offsetAt(e.getX(), e.getY(), false);
        if (offset >= 0) {
            view.moveCaret(offset, e.isShiftDown() && view.hasAnchor());
        }
    }

    private void mouseDragged(MouseEvent e) {
        if (!e.isPrimaryButtonDown() || !view.hasAnchor()) {
            return;
        }
        long offset = view.offsetAt(e.getX(), e.getY(), true);
        if (offset >= 0) {
            view.moveCaret(offset, true);
        }
    }

    private void mouseClicked(MouseEvent e) {
        if (e.getButton() != MouseButton.PRIMARY || !e.isStillSincePress() || e.isShiftDown()) {
            return;
        }
        long offset = view.offsetAt(e.getX(), e.getY(), false);
        if (offset >= 0) {
            view.byteClicked(offset);
        }
    }

    private void scrolled(ScrollEvent e) {
        if (e.getDeltaY() == 0 || view.getLength() == 0) {
            return;
        }
        // Positive deltas scroll towards the start. A wheel reports lines (the desktop's lines per
        // notch), a touchpad reports pixels in small steps that must add up rather than each
        // jumping a whole row.
        double rows = switch (e.getTextDeltaYUnits()) {
            case LINES -> -e.getTextDeltaY();
            case PAGES -> -e.getTextDeltaY() * view.fullRows();
            case NONE -> -e.getDeltaY() / view.rowHeight();
        };
        wheelRemainder += rows;
        long whole = (long) wheelRemainder;
        wheelRemainder -= whole;
        if (whole != 0) {
            view.showFirstRow(view.firstVisibleRow() + whole);
        }
        e.consume();
    }

    private void keyPressed(KeyEvent e) {
        if (view.getLength() == 0) {
            return;
        }
        if (e.isShortcutDown() && e.getCode() == KeyCode.C) {
            view.copySelectionAsHex();
            e.consume();
            return;
        }
        long caret = view.getCaretOffset() >= 0 ? view.getCaretOffset() : view.firstVisibleRow() * view.bytesPerRow();
        CaretNavigation navigation = new CaretNavigation(view.getLength(), view.fullRows(), view.bytesPerRow());
        OptionalLong target = navigation.target(e.getCode(), e.isShortcutDown(), caret);
        if (target.isEmpty()) {
            return;
        }
        // Paging scrolls the view with the caret, so the caret keeps its place on screen.
        if (e.getCode() == KeyCode.PAGE_UP) {
            view.showFirstRow(view.firstVisibleRow() - navigation.pageRowsToScroll());
        } else if (e.getCode() == KeyCode.PAGE_DOWN) {
            view.showFirstRow(view.firstVisibleRow() + navigation.pageRowsToScroll());
        }
        view.moveCaret(target.getAsLong(), e.isShiftDown() && view.hasAnchor());
        e.consume();
    }
}
