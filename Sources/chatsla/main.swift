print("chatsla")
