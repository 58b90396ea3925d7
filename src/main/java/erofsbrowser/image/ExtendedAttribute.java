package erofsbrowser.image;

import java.nio.charset.StandardCharsets;

/**
 * One extended attribute as the kernel lists it: the full name with its namespace prefix
 * ({@code user.foo}, {@code security.selinux}) and the value's bytes.
 */
public record ExtendedAttribute(byte[] name, byte[] value) {
    public ExtendedAttribute {
        name = name.clone();
        value = value.clone();
    }

    @Override
    public byte[] name() {
        return name.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    public String nameString() {
        return new String(name, StandardCharsets.UTF_8);
    }
}
