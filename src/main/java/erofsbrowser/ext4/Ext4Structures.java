package erofsbrowser.ext4;

import erofsbrowser.image.Field;
import erofsbrowser.image.ImageException;

import java.util.List;

final class Ext4Structures {
    private Ext4Structures() {
    }

    static List<Field> image(Volume volume) throws ImageException {
        return List.of();
    }

    static List<Field> of(Volume volume, Ext4Entry e) throws ImageException {
        return List.of();
    }
}
