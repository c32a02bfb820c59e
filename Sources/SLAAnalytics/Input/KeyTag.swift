/// Phantom tags for ``EntityKey``: uninhabited types that only name an entity.
public enum KeyTag {
    public enum Channel {}
    public enum Store {}
    public enum User {}
    public enum Bot {}
    public enum Dialog {}
    public enum Order {}
}
