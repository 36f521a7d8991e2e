int rule(void);
